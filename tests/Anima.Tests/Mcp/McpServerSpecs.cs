using System.Text.Json.Nodes;
using Anima.Actors.Mcp;
using Anima.Client;
using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Tests.Support;

namespace Anima.Tests.Mcp;

/// <summary>
/// MCP servers through a real brain process, the real CLI and a real MCP server process (the SDK's, in
/// tests/Anima.McpTestServer), with the fake model at the wire: added with <c>anima mcp add</c> while the brain runs,
/// listed, their tools offered and called in a turn, killed and restarted, their tool list changed.
/// </summary>
[Collection("processes")]
public sealed class McpServerSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly TempHome _home = new();
    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;
    private BrainClient _client = null!;

    private static string AgentModel => Anima.Actors.Agent.AgentSettings.From(Anima.Actors.Configuration.AnimaConfig.BrainDefaults).Model;

    public async Task InitializeAsync()
    {
        _home.Home.EnsureCreated();
        _fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        _brain = await RunningBrain.StartAsync(_home, new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });
        _client = await _brain.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_stdio_server_added_while_the_brain_runs_is_listed_and_its_tool_is_called_in_a_turn()
    {
        var added = await Cli(["mcp", "add", "test", "--env", "TEST_SECRET=hunter2-secret", "--", .. McpTestProcess.StdioCommand]);
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Added MCP server 'test'", added.Stdout);
        Assert.DoesNotContain("hunter2-secret", added.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(McpConfig.FileIn(_home.Home)));

        var ready = await ReadyAsync("test");
        Assert.Contains("mcp__test__echo", ready.Tools);
        var listed = await Cli("mcp", "list", "--host", _brain.HostArgument);
        Assert.Contains("state: ready", listed.Stdout);
        Assert.Contains("mcp__test__echo", listed.Stdout);
        Assert.Contains("TEST_SECRET=•••", listed.Stdout);
        Assert.DoesNotContain("hunter2-secret", listed.Stdout);

        _fake.Enqueue(
            FakeResponse.ToolUse(
                ("toolu_1", "mcp__test__echo", """{"text":"hi there"}"""),
                ("toolu_2", "mcp__test__env_set", """{"name":"TEST_SECRET"}"""),
                ("toolu_3", "mcp__test__env_set", """{"name":"ANTHROPIC_API_KEY"}""")),
            FakeResponse.Text("Done."));
        var answer = await Cli("ask", "--new", "use the echo tool", "--host", _brain.HostArgument);

        Assert.Equal(0, answer.ExitCode);
        Assert.Equal("Done.", answer.Stdout.Trim());
        var calls = await _fake.WaitForRequestsAsync(2, Within, AgentModel);
        var echo = Tools(calls[0]).Single(t => t!["name"]!.GetValue<string>() == "mcp__test__echo");
        Assert.Equal("Says the text back.", echo!["description"]!.GetValue<string>());
        Assert.Equal("string", echo["input_schema"]!["properties"]!["text"]!["type"]!.GetValue<string>());
        Assert.Equal(["echo: hi there", "TEST_SECRET is set", "ANTHROPIC_API_KEY is unset"], ToolResults(calls[1]));
        Assert.Equal(Tools(calls[0]).ToJsonString(), Tools(calls[1]).ToJsonString());
        Assert.DoesNotContain("hunter2-secret", await File.ReadAllTextAsync(Directory.GetFiles(_home.Home.Db, "*.db").First()));
    }

    [Fact]
    public async Task A_killed_server_is_started_again_and_its_tools_work_again()
    {
        await Cli(["mcp", "add", "test", "--", .. McpTestProcess.StdioCommand]);
        await ReadyAsync("test");
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "mcp__test__pid", "{}")), FakeResponse.Text("Got it."));
        await Cli("ask", "--new", "what is your pid", "--host", _brain.HostArgument);
        var pid = int.Parse(ToolResults((await _fake.WaitForRequestsAsync(2, Within, AgentModel))[1]).Single(), System.Globalization.CultureInfo.InvariantCulture);

        System.Diagnostics.Process.GetProcessById(pid).Kill();

        var restarted = await ReadyAsync("test", restarts: 1);
        Assert.Contains("mcp__test__echo", restarted.Tools);
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_2", "mcp__test__echo", """{"text":"back"}""")), FakeResponse.Text("Fine."));
        await Cli("ask", "--new", "echo again", "--host", _brain.HostArgument);
        Assert.Equal(["echo: back"], ToolResults((await _fake.WaitForRequestsAsync(4, Within, AgentModel))[3]));
    }

    [Fact]
    public async Task A_servers_new_tool_reaches_the_model_and_a_removed_server_takes_its_tools_away()
    {
        await Cli(["mcp", "add", "test", "--", .. McpTestProcess.StdioCommand]);
        await ReadyAsync("test");
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "mcp__test__grow", """{"name":"shout"}""")), FakeResponse.Text("Grown."));
        await Cli("ask", "--new", "grow a tool", "--host", _brain.HostArgument);

        await Eventually.HoldsAsync(async () => Assert.Contains("mcp__test__shout", (await StatusAsync("test"))!.Tools), Within);
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_2", "mcp__test__shout", "{}")), FakeResponse.Text("Shouted."));
        await Cli("ask", "--new", "shout", "--host", _brain.HostArgument);
        var calls = await _fake.WaitForRequestsAsync(4, Within, AgentModel);
        Assert.Contains("mcp__test__shout", Tools(calls[2]).Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(["shout ran"], ToolResults(calls[3]));

        var removed = await Cli("mcp", "remove", "test");
        Assert.Equal(0, removed.ExitCode);
        await Eventually.HoldsAsync(async () => Assert.Null(await StatusAsync("test")), Within);
        await Cli("ask", "--new", "anything left?", "--host", _brain.HostArgument);
        var after = await _fake.WaitForRequestsAsync(5, Within, AgentModel);
        Assert.DoesNotContain(Tools(after[4]), t => t!["name"]!.GetValue<string>().StartsWith("mcp__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_http_server_with_a_header_is_listed_masked_and_its_tool_is_called()
    {
        await using var server = await McpTestProcess.StartHttpAsync();
        var added = await Cli("mcp", "add", "web", "--url", server.Url, "--header", "Authorization=Bearer sekrit-token");
        Assert.Equal(0, added.ExitCode);

        var ready = await ReadyAsync("web");
        Assert.Equal("http", ready.Kind);
        Assert.DoesNotContain("sekrit-token", ready.Target);
        Assert.Contains("Authorization: •••", ready.Target);
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "mcp__web__add", """{"a":2,"b":40}""")), FakeResponse.Text("42."));
        await Cli("ask", "--new", "add", "--host", _brain.HostArgument);

        Assert.Equal(["42"], ToolResults((await _fake.WaitForRequestsAsync(2, Within, AgentModel))[1]));
    }

    [Fact]
    public async Task An_http_server_that_goes_away_is_shown_restarting_and_its_tools_work_again_when_it_is_back()
    {
        var server = await McpTestProcess.StartHttpAsync();
        var port = server.Port;
        await Cli("mcp", "add", "web", "--url", server.Url);
        await ReadyAsync("web");

        await server.DisposeAsync();
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "mcp__web__add", """{"a":1,"b":1}""")), FakeResponse.Text("It is down."));
        var asked = await Cli("ask", "--new", "add while it is down", "--host", _brain.HostArgument);

        // The call comes back as an error the model reads (no hang), and the list says the server is being tried again.
        Assert.Equal(0, asked.ExitCode);
        var down = Assert.Single(ToolResults((await _fake.WaitForRequestsAsync(2, Within, AgentModel))[1]));
        Assert.Contains("MCP server 'web'", down);
        await Eventually.HoldsAsync(async () => Assert.Equal("restarting", (await StatusAsync("web"))!.State), Within);

        await using var back = await McpTestProcess.StartHttpAsync(port);
        await ReadyAsync("web", restarts: 1);
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_2", "mcp__web__add", """{"a":2,"b":40}""")), FakeResponse.Text("42."));
        await Cli("ask", "--new", "add again", "--host", _brain.HostArgument);
        Assert.Equal(["42"], ToolResults((await _fake.WaitForRequestsAsync(4, Within, AgentModel))[3]));
    }

    [Fact]
    public async Task A_command_that_cannot_start_is_shown_failed_with_the_reason_and_bad_input_is_refused_in_one_line()
    {
        await Cli("mcp", "add", "broken", "--", "/no/such/mcp-server");
        await Eventually.HoldsAsync(
            async () =>
            {
                var status = (await StatusAsync("broken"))!;
                Assert.Equal("failed", status.State);
                Assert.Contains("next try in", status.Reason);
            },
            Within);

        var badUrl = await Cli("mcp", "add", "web", "--url", "not-a-url");
        Assert.Equal(1, badUrl.ExitCode);
        Assert.Equal("anima: --url not-a-url is not an http:// or https:// address (such as http://127.0.0.1:3000/mcp).", badUrl.Stderr.Trim());
        var twice = await Cli("mcp", "add", "broken", "--", "true");
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("there is already an MCP server 'broken'", twice.Stderr);
    }

    private async Task<McpServerStatus> ReadyAsync(string name, int restarts = 0)
    {
        McpServerStatus? status = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                status = await StatusAsync(name);
                Assert.NotNull(status);
                Assert.Equal("ready", status.State);
                Assert.True(status.Restarts >= restarts, $"{status.Restarts} restarts");
            },
            Within);
        return status!;
    }

    private async Task<McpServerStatus?> StatusAsync(string name) =>
        (await _client.RequestAsync<McpServerList>(new GetMcpServers())).Servers.FirstOrDefault(s => s.Name == name);

    private Task<(int ExitCode, string Stdout, string Stderr)> Cli(params string[] args) => AnimaProcess.RunAsync(_home.Root, null, args);

    private static JsonArray Tools(RecordedRequest request) => request.Body!["tools"]!.AsArray();

    private static string[] ToolResults(RecordedRequest request) =>
    [
        .. request.Messages[^1]!["content"]!.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == "tool_result")
            .Select(b => b!["content"] switch
            {
                JsonValue text => text.GetValue<string>(),
                JsonArray blocks => string.Concat(blocks.Select(x => x!["text"]!.GetValue<string>())),
                _ => string.Empty,
            }),
    ];
}
