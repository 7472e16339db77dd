using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Cli;
using Anima.Tests.Support;

namespace Anima.Tests.Faults;

/// <summary>
/// The provider failing in the middle of a turn, through the real brain and the real <c>anima ask</c>: what the user
/// sees, that a finished tool is not run again, and that the model is called exactly as often as the retries allow.
/// </summary>
[Collection("processes")]
public sealed class ProviderFaultSpecs : IAsyncLifetime
{
    private readonly string _ran = Path.Combine(Path.GetTempPath(), "anima-ran-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;

    public async Task InitializeAsync()
    {
        _fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        var home = new TempHome();
        Directory.CreateDirectory(home.Home.Config);
        await File.WriteAllTextAsync(home.Home.ConfigFile, """
            anima.agent {
              retry-min-backoff = 50ms
              retry-max-backoff = 200ms
              request-timeout = 2s
            }
            """);
        _brain = await RunningBrain.StartAsync(home, new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-provider",
        });
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
        File.Delete(_ran);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_a_tool_round_is_retried_to_the_limit_and_then_given_up_with_the_reason()
    {
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_once", "bash", $$"""{"command":"echo ran >> {{_ran}}"}""")));
        for (var i = 0; i < 5; i++)
        {
            _fake.Enqueue(FakeResponse.MidStreamError("Half an ans", message: "Overloaded right now"));
        }

        var asked = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "run it, then tell me", "--host", _brain.HostArgument);

        Assert.Equal(1, asked.ExitCode);
        Assert.Contains("▶ bash", asked.Stderr);
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            Assert.Contains($"(attempt {attempt}/5): ", asked.Stderr);
        }

        Assert.Contains("[error] Gave up after 5 attempts", asked.Stderr);
        Assert.Contains("Overloaded right now", asked.Stderr);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(_ran));
        await ModelCalls.StayAtAsync(_fake, 6);
    }

    [Fact]
    public async Task A_stream_that_stalls_times_out_is_retried_and_the_turn_ends_with_one_answer()
    {
        _fake.Enqueue(
            FakeResponse.ToolUse(("toolu_once", "bash", $$"""{"command":"echo ran >> {{_ran}}"}""")),
            FakeResponse.Hang("I will tell you in a m"),
            FakeResponse.Text("Done, it ran."));

        var asked = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "run it, then tell me", "--host", _brain.HostArgument);

        Assert.True(asked.ExitCode == 0, asked.Stderr);
        Assert.Contains("(attempt 2/5): ", asked.Stderr);
        Assert.EndsWith("Done, it ran.", asked.Stdout.Trim());
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(_ran));
        await ModelCalls.StayAtAsync(_fake, 3);

        await using var client = await _brain.ConnectAsync();
        var session = (await client.ListSessionsAsync(1))[0].SessionId;
        var answers = (await ExportCommandAccess.ReadHistoryAsync(client, session)).Select(j => j.Event).OfType<AgentMessage>().ToList();
        Assert.Equal(["", "Done, it ran."], answers.Select(a => a.Text));
    }
}
