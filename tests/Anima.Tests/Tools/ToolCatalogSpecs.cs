using System.Text.Json;
using Anima.Actors.Tools;

namespace Anima.Tests.Tools;

public sealed class ToolCatalogSpecs
{
    [Fact]
    public void Bash_takes_a_required_command_and_an_optional_integer_timeout()
    {
        var schema = ToolCatalog.Bash.InputSchema;

        Assert.Equal("bash", ToolCatalog.Bash.Name);
        Assert.Equal(["command"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("command").GetProperty("type").GetString());
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("timeout_seconds").GetProperty("type").GetString());
        Assert.Contains("persistent", ToolCatalog.Bash.Description);
        Assert.Contains("100 KB", ToolCatalog.Bash.Description);
        Assert.Contains("default 30", ToolCatalog.Bash.Description);
    }

    [Fact]
    public void Web_get_takes_a_required_url()
    {
        var schema = ToolCatalog.WebGet.InputSchema;

        Assert.Equal("web_get", ToolCatalog.WebGet.Name);
        Assert.Equal(["url"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").GetProperty("url").ValueKind);
        Assert.Contains("2 MB", ToolCatalog.WebGet.Description);
    }

    [Fact]
    public void The_catalog_lists_every_tool_once()
    {
        Assert.Equal(["bash", "web_get"], ToolCatalog.All.Select(t => t.Name));
    }
}
