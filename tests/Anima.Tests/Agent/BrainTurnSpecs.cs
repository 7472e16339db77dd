using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Cli;
using Anima.Tests.Support;

namespace Anima.Tests.Agent;

/// <summary>Turns through the real brain process, the real CLI, and the fake API on loopback.</summary>
[Collection("processes")]
public sealed class BrainTurnSpecs : IAsyncLifetime
{
    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;

    private static string AgentModel => Anima.Actors.Agent.AgentSettings.From(Anima.Actors.Configuration.AnimaConfig.BrainDefaults).Model;

    private static string AppraisalModel => Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model!;

    public async Task InitializeAsync()
    {
        _fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = "sk-ant-e2e" });
        // The mind appraises each message with a small model of its own: answered aside, never from the agent's script.
        _fake.AnswerModel(AppraisalModel, _ => FakeResponse.Text("""{"stimuli": []}"""));
        _brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-e2e",
        });
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Ask_streams_the_reply_to_stdout_and_tool_activity_to_stderr()
    {
        _fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"echo from-the-shell"}""")),
            FakeResponse.Text("The shell said hello."));

        var result = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "say hello", "--host", _brain.HostArgument);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("The shell said hello.", result.Stdout.Trim());
        Assert.Contains("▶ bash", result.Stderr);
        Assert.Contains("from-the-shell", result.Stderr);
    }

    [Fact]
    public async Task Ask_exits_non_zero_with_the_reason_when_the_turn_fails()
    {
        _fake.Enqueue(FakeResponse.Error(401, "authentication_error", "invalid x-api-key"));

        var result = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "hello", "--host", _brain.HostArgument);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refused the credentials", result.Stderr);
    }

    [Fact]
    public async Task A_brain_killed_mid_tool_closes_the_dangling_call_and_completes_the_turn_after_restart()
    {
        var marker = "anima-kill-" + Guid.NewGuid().ToString("N")[..8];
        _fake.Enqueue(
            FakeResponse.ToolUse(("toolu_long", "bash", $$"""{"command":"sh -c 'sleep 60' {{marker}}"}""")),
            FakeResponse.Text("Recovered and done."));
        string session;
        await using (var client = await _brain.ConnectAsync())
        {
            session = await client.CreateSessionAsync();
            await client.PostAsync(session, "run something long");
            await Eventually.True(() => Eventually.ProcessRunning(marker), "the tool is running", TimeSpan.FromSeconds(20));
        }

        _brain.Process.Kill();
        await _brain.RestartAsync();

        await using var reader = await _brain.ConnectAsync();
        await Eventually.HoldsAsync(async () =>
        {
            var history = await ExportCommandAccess.ReadHistoryAsync(reader, session);
            Assert.IsType<AgentMessage>(history[^1].Event);
            Assert.Equal("Recovered and done.", ((AgentMessage)history[^1].Event).Text);
        }, TimeSpan.FromSeconds(30));

        var events = (await ExportCommandAccess.ReadHistoryAsync(reader, session)).Select(e => e.Event).ToList();
        var call = Assert.Single(events.OfType<ToolCall>());
        var response = Assert.Single(events.OfType<ToolResponse>());
        Assert.Equal(call.CallId, response.CallId);
        Assert.True(response.IsError);
        Assert.Contains("Anima stopped before this tool's result was saved", response.Content);
        Assert.True(events.IndexOf(response) > events.IndexOf(call));
        var resumed = (await _fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5), AgentModel))[1];
        Assert.Contains("toolu_long", resumed.Messages[^1]!.ToJsonString());
        Assert.False(Eventually.ProcessRunning(marker), "the restarted brain ended what the killed one left running");
    }

    [Fact]
    public async Task The_minds_feelings_survive_a_brain_restart_and_anima_mind_shows_them()
    {
        _fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"false"}""")),
            FakeResponse.ToolUse(("toolu_2", "bash", """{"command":"false"}""")),
            FakeResponse.ToolUse(("toolu_3", "bash", """{"command":"false"}""")),
            FakeResponse.Text("Three failures."));
        var asked = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "try three times", "--host", _brain.HostArgument);
        Assert.Equal(0, asked.ExitCode);
        var requests = await _fake.WaitForRequestsAsync(4, TimeSpan.FromSeconds(5), AgentModel);
        Assert.Contains("I keep hitting walls", requests[3].InnerState);
        string session;
        await using (var client = await _brain.ConnectAsync())
        {
            session = (await client.ListSessionsAsync(1))[0].SessionId;
        }

        _brain.Process.Terminate();
        await _brain.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await _brain.RestartAsync();

        var mind = await AnimaProcess.RunAsync(_brain.Home.Root, null, "mind", session, "--host", _brain.HostArgument);
        Assert.Equal(0, mind.ExitCode);
        // Three errors (+10 each) and the repeated failure the appraisal found in them (+10).
        Assert.Matches(@"frustration\s+█+░*\s+(39|40)\.\d", mind.Stdout);
        Assert.Contains("I keep hitting walls. What am I missing?", mind.Stdout);
        Assert.Contains("tool-error", mind.Stdout);
    }
    [Fact]
    public async Task Psyche_grows_from_an_episode_and_anima_psyche_shows_it_its_history_and_the_way_back()
    {
        _fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"false"}""")),
            FakeResponse.ToolUse(("toolu_2", "bash", """{"command":"false"}""")),
            FakeResponse.ToolUse(("toolu_3", "bash", """{"command":"false"}""")),
            FakeResponse.ToolUse(("toolu_4", "bash", """{"command":"true"}""")),
            FakeResponse.Text("Got there in the end."));
        var asked = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "make it work", "--host", _brain.HostArgument);
        Assert.Equal(0, asked.ExitCode);

        // Three failures, then a task done: resilience.
        (int ExitCode, string Stdout, string Stderr) psyche = default;
        await Eventually.HoldsAsync(
            async () =>
            {
                psyche = await AnimaProcess.RunAsync(_brain.Home.Root, null, "psyche", "--host", _brain.HostArgument);
                Assert.Contains("(version 1)", psyche.Stdout);
            },
            TimeSpan.FromSeconds(10));
        Assert.Matches(@"frustration ← tool-error\s+10 → 9\.5  \(weaker, -5%\)", psyche.Stdout);
        Assert.Matches(@"tool-error\s+.*9\.5\*", psyche.Stdout);
        var history = await AnimaProcess.RunAsync(_brain.Home.Root, null, "psyche", "history", "--host", _brain.HostArgument);
        Assert.Contains("v1", history.Stdout);
        Assert.Contains("episode resilience", history.Stdout);
        Assert.Contains("repeated-failure (3 tool calls failed in a row), then task-completed", history.Stdout);

        var rollback = await AnimaProcess.RunAsync(_brain.Home.Root, null, "psyche", "rollback", "0", "--host", _brain.HostArgument);
        Assert.Equal(0, rollback.ExitCode);
        Assert.Contains("The gains are as they were at version 0, now version 2.", rollback.Stdout);
        var nowhere = await AnimaProcess.RunAsync(_brain.Home.Root, null, "psyche", "rollback", "9", "--host", _brain.HostArgument);
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("There is no version 9", nowhere.Stderr);

        await _brain.RestartAsync();
        var after = await AnimaProcess.RunAsync(_brain.Home.Root, null, "psyche", "--host", _brain.HostArgument);
        Assert.Contains("(version 2)", after.Stdout);
        Assert.Contains("No drift yet", after.Stdout);
    }
}
