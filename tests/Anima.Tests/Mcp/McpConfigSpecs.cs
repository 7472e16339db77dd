using Akka.Configuration;
using Anima.Actors.Configuration;
using Anima.Actors.Mcp;
using Anima.Client.Configuration;
using Anima.Tests.Support;

namespace Anima.Tests.Mcp;

/// <summary>MCP servers as anima.conf and <c>anima mcp add</c>'s file say them: read, judged in one line, secrets masked.</summary>
[Collection("processes")]
public sealed class McpConfigSpecs : IDisposable
{
    private readonly TempHome _home = new();

    public McpConfigSpecs() => _home.Home.EnsureCreated();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Servers_of_anima_conf_and_of_the_file_are_read_together_by_name()
    {
        File.WriteAllText(_home.Home.ConfigFile, """
            anima.mcp.servers {
              files { command = "npx", args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], env { TOKEN = "abcd1234" } }
            }
            """);
        McpConfig.WriteFile(McpConfig.FileIn(_home.Home), [McpConfig.Build("docs", null, [], new Dictionary<string, string>(), "https://example.com/mcp", new Dictionary<string, string> { ["Authorization"] = "Bearer xyz987" }, "cli", "test")]);

        var servers = McpConfig.Load(_home.Home);

        Assert.Equal(["docs", "files"], servers.Select(s => s.Name));
        Assert.Equal("https://example.com/mcp (headers Authorization: •••)", servers[0].Describe());
        Assert.Equal("npx -y @modelcontextprotocol/server-filesystem /tmp (env TOKEN=•••)", servers[1].Describe());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(McpConfig.FileIn(_home.Home)));
        Assert.Empty(AnimaConfig.UserWarnings(_home.Home)); // a server's keys are not unknown settings
    }

    [Theory]
    [InlineData("x { comand = \"foo\" }", "anima.mcp.servers.x.comand is not a server setting (did you mean command?)")]
    [InlineData("x { command = \"foo\", url = \"http://h/mcp\" }", "anima.mcp.servers.x needs either command")]
    [InlineData("x { url = \"ftp://h\" }", "anima.mcp.servers.x.url = \"ftp://h\" is not an http:// or https:// address.")]
    [InlineData("x { command = \"foo\", args = \"-y\" }", "anima.mcp.servers.x.args must be a list of strings")]
    [InlineData("\"a b\" { command = \"foo\" }", "'a b' is not a server name Anima can use")]
    public void A_bad_entry_is_refused_in_one_line_that_names_it(string entry, string expected)
    {
        var config = ConfigurationFactory.ParseString($"anima.mcp.servers {{ {entry} }}");

        var error = Assert.Throws<AnimaConfigException>(() => McpConfig.FromConfig(config, "anima.conf"));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_secret_a_server_echoes_in_its_error_is_masked()
    {
        var spec = McpConfig.Build("s", "srv", [], new Dictionary<string, string> { ["KEY"] = "s3cr3t-value" }, null, new Dictionary<string, string>(), "cli", "test");

        Assert.Equal("bad key •••", spec.Redact("bad key s3cr3t-value"));
    }

    [Fact]
    public async Task A_brain_does_not_start_on_a_bad_server_entry_and_says_why_in_one_line()
    {
        File.WriteAllText(_home.Home.ConfigFile, "anima.mcp.servers.x { comand = \"foo\" }\n");

        var start = await AnimaProcess.RunAsync(_home.Root, null, "start", "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, start.ExitCode);
        Assert.Equal(
            $"anima: {_home.Home.ConfigFile}: anima.mcp.servers.x.comand is not a server setting (did you mean command?): a server has command, args, env (stdio) or url, headers (HTTP).",
            start.Stderr.Trim());
    }
}
