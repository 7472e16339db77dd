using System.Text.Json;
using Akka.Actor;
using Anima.Actors.Tools;

namespace Anima.Tests.Tools;

/// <summary>The registry as the agent loop uses it: the catalog the model is sent, and calls it cannot run turned into results.</summary>
public sealed class ToolRegistrySpecs : IDisposable
{
    private readonly WebGet _web = new(TimeSpan.FromSeconds(5));
    private readonly ToolRegistry _registry;

    public ToolRegistrySpecs() => _registry = ToolRegistry.BuiltIn(TimeSpan.FromSeconds(30), _web);

    public void Dispose() => _web.Dispose();

    [Fact]
    public void Bash_takes_a_required_command_and_an_optional_integer_timeout()
    {
        var bash = _registry.Catalog.Single(t => t.Name == "bash");
        var schema = bash.InputSchema;

        Assert.Equal(["command"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("command").GetProperty("type").GetString());
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("timeout_seconds").GetProperty("type").GetString());
        Assert.Contains("persistent", bash.Description);
        Assert.Contains("100 KB", bash.Description);
        Assert.Contains("default 30", bash.Description);
    }

    [Fact]
    public void Web_get_takes_a_required_url()
    {
        var webGet = _registry.Catalog.Single(t => t.Name == "web_get");
        var schema = webGet.InputSchema;

        Assert.Equal(["url"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").GetProperty("url").ValueKind);
        Assert.Contains("2 MB", webGet.Description);
    }

    [Fact]
    public void The_catalog_lists_every_tool_once_in_the_order_registered()
    {
        Assert.Equal(["bash", "read_file", "write_file", "edit_file", "glob", "grep", "web_get"], _registry.Catalog.Select(t => t.Name));
        Assert.Same(_registry.Tools[6], _registry.Find("web_get"));
    }

    [Fact]
    public void Two_tools_of_one_name_are_refused_when_the_registry_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => new ToolRegistry([new WebGetTool(_web), new WebGetTool(_web)]));

        Assert.Contains("'web_get'", error.Message);
    }

    [Fact]
    public async Task An_unknown_tool_is_an_error_result_that_names_the_tools_there_are()
    {
        var result = await _registry.RunAsync("teleport", "{}", Context(), CancellationToken.None);

        Assert.True(result.IsError);
        Assert.Equal("There is no tool named 'teleport'. Available: bash, read_file, write_file, edit_file, glob, grep, web_get.", result.Content);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"url": "https://exa""")]
    [InlineData("""["https://example.com"]""")]
    [InlineData("")]
    public async Task Input_that_is_not_a_json_object_is_an_error_result_quoting_it(string input)
    {
        var result = await _registry.RunAsync("web_get", input, Context(), CancellationToken.None);

        Assert.True(result.IsError);
        Assert.False(result.Interrupted);
        Assert.Equal($"Invalid input for web_get (not a JSON object): {input}", result.Content);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"url": 42}""")]
    [InlineData("""{"url": ""}""")]
    public async Task Input_without_what_the_tool_needs_is_an_error_result_saying_what_is_missing(string input)
    {
        var result = await _registry.RunAsync("web_get", input, Context(), CancellationToken.None);

        Assert.True(result.IsError);
        Assert.Equal($"Invalid input for web_get ('url' must be a non-empty string): {input}", result.Content);
    }

    [Fact]
    public async Task Parsed_input_reaches_the_tool()
    {
        var result = await _registry.RunAsync("web_get", """{"url":"ftp://example.com/file"}""", Context(), CancellationToken.None);

        Assert.True(result.IsError);
        Assert.Contains("refusing 'ftp' URL", result.Content);
    }

    [Fact]
    public async Task A_tool_that_throws_is_an_error_result_naming_it()
    {
        var registry = new ToolRegistry([new FailingTool(new InvalidOperationException("the disk is on fire"))]);

        var result = await registry.RunAsync("failing", "{}", Context(), CancellationToken.None);

        Assert.True(result.IsError);
        Assert.Equal("failing failed: the disk is on fire", result.Content);
    }

    [Fact]
    public async Task A_tool_cancelled_by_an_interrupt_is_an_interrupted_result()
    {
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();
        var registry = new ToolRegistry([new FailingTool(new OperationCanceledException(interrupt.Token))]);

        var result = await registry.RunAsync("failing", "{}", Context(), interrupt.Token);

        Assert.True(result.IsError);
        Assert.True(result.Interrupted);
        Assert.Equal("Interrupted by the user.", result.Content);
    }

    private static ToolContext Context() => new("session-1", "toolu_1", ActorRefs.Nobody, Path.GetTempPath());

    /// <summary>A tool as issue #18's will plug in: one class; this one throws what it was given.</summary>
    private sealed class FailingTool(Exception failure) : ITool
    {
        public string Name => "failing";

        public string Description => "Always fails.";

        public JsonElement InputSchema { get; } = ToolRegistry.Schema("""{"type":"object"}""");

        public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
            Task.FromException<ToolResult>(failure);
    }
}
