using System.Text.Json;
using Anima.Actors.Tools;

namespace Anima.Tests.Tools;

/// <summary>Tools that come and go (MCP servers'): the catalog the model is sent changes only when a tool does.</summary>
public sealed class ToolShelfSpecs : IDisposable
{
    private readonly WebGet _web = new(TimeSpan.FromSeconds(5));

    public void Dispose() => _web.Dispose();

    [Fact]
    public void Shelved_tools_follow_the_fixed_ones_by_name_whichever_owner_came_first()
    {
        var shelf = new ToolShelf();
        var registry = new ToolRegistry([new WebGetTool(_web)], shelf);
        shelf.Put("zeta", [Tool("mcp__zeta__b"), Tool("mcp__zeta__a")]);
        shelf.Put("alpha", [Tool("mcp__alpha__x")]);
        var first = registry.Catalog.Select(t => t.Name).ToArray();

        var other = new ToolShelf();
        other.Put("alpha", [Tool("mcp__alpha__x")]);
        other.Put("zeta", [Tool("mcp__zeta__a"), Tool("mcp__zeta__b")]);

        Assert.Equal(["web_get", "mcp__alpha__x", "mcp__zeta__a", "mcp__zeta__b"], first);
        Assert.Equal(first, new ToolRegistry([new WebGetTool(_web)], other).Catalog.Select(t => t.Name));
        Assert.NotNull(registry.Find("mcp__zeta__a"));
    }

    [Fact]
    public void The_same_tools_put_again_leave_the_catalog_as_it_was_and_a_removal_takes_them_away()
    {
        var shelf = new ToolShelf();
        var registry = new ToolRegistry([new WebGetTool(_web)], shelf);
        shelf.Put("s", [Tool("mcp__s__a")]);
        var before = registry.Catalog;

        Assert.False(shelf.Put("s", [Tool("mcp__s__a")]));
        Assert.Same(before, registry.Catalog);

        shelf.Remove("s");
        Assert.Equal(["web_get"], registry.Catalog.Select(t => t.Name));
        Assert.Null(registry.Find("mcp__s__a"));
    }

    [Fact]
    public void Two_tools_whose_names_came_out_the_same_are_offered_once()
    {
        var shelf = new ToolShelf();
        shelf.Put("a", [Tool("mcp__long__x")]);
        shelf.Put("b", [Tool("mcp__long__x")]);

        Assert.Equal(["web_get", "mcp__long__x"], new ToolRegistry([new WebGetTool(_web)], shelf).Catalog.Select(t => t.Name));
    }

    private static ITool Tool(string name) => new NamedTool(name);

    private sealed class NamedTool(string name) : ITool
    {
        public string Name => name;

        public string Description => "A tool.";

        public JsonElement InputSchema { get; } = ToolRegistry.Schema("""{"type":"object"}""");

        public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ToolResult("ran", IsError: false));
    }
}
