using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Cli;
using Anima.Tests.Support;

namespace Anima.Tests.Faults;

/// <summary>
/// A brain whose database lives on a disk that fills up (a real tmpfs of a few MB, <see cref="SmallDisk"/>). Before,
/// every reply that failed to persist restarted the session, which resumed the turn and called the model again:
/// 10,858 calls in 3.5 minutes; a brain started on a full disk logged 269,606 errors and answered nothing.
/// </summary>
[Collection("processes")]
public sealed class DiskFullSpecs : IAsyncLifetime
{
    private FakeAnthropicServer _fake = null!;
    private readonly TempHome _home = new();

    private Dictionary<string, string> Environment => new()
    {
        ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
        ["ANTHROPIC_API_KEY"] = "sk-ant-disk",
    };

    public async Task InitializeAsync()
    {
        Assert.True(SmallDisk.WhyUnavailable is null, SmallDisk.WhyUnavailable);
        _fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task A_step_that_cannot_be_saved_stops_the_turn_with_the_reason_and_the_model_is_not_called_again()
    {
        // A result of 1.9 MB: more than any room SQLite or a deleted file can leave on the disk after the fill, which a
        // result of bash's usual 100 KB sometimes found (a CI run saved it and called the model again).
        _home.Home.EnsureCreated();
        File.WriteAllText(_home.Home.ConfigFile, "anima.tools.max-result-size = 2MB\nanima.tools.bash-max-output = 2MB\n");
        await using var brain = await RunningBrain.StartAsync(_home, Environment, SmallDisk.Wrapper(_home.Home.Db, megabytes: 8));
        // The agent's own command fills the disk, then prints more than is left: its result cannot be saved.
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_fill", "bash",
            """{"command":"dd if=/dev/zero of=\"$ANIMA_HOME/db/filler\" bs=64k 2>/dev/null; head -c 1400000 /dev/urandom | base64"}""")));
        await using var client = await brain.ConnectAsync();
        var session = await client.CreateSessionAsync();
        client.Attach(session);

        await client.PostAsync(session, "fill the disk");
        var pushed = await Pushes.UntilAsync(client, p => p is TurnEnded, TimeSpan.FromSeconds(60), "the end of the turn");

        // Said live when the step itself could not be saved, or journaled when the session closes the turn after it.
        var said = pushed.Select(p => p switch
        {
            SystemNotice live => live,
            Journaled { Event: SystemMessage kept } => new SystemNotice(session, kept.Text, kept.Level),
            _ => null,
        }).OfType<SystemNotice>().ToList();
        Assert.True(said.Count == 1, "one notice of the stop, in: " + string.Join(" | ", pushed.Select(p => p is Journaled j ? j.Event.ToString() : p.ToString())));
        var notice = said[0];
        Assert.Equal(SystemMessageLevel.Error, notice.Level);
        Assert.StartsWith("The turn stopped: the disk is full", notice.Text);
        Assert.Contains("df -h", notice.Text);
        Assert.Equal(TurnOutcome.Failed, ((TurnEnded)pushed[^1]).Outcome);
        await ModelCalls.StayAtAsync(_fake, 1);

        // While the disk is full the brain answers, and refuses a message it cannot keep, saying why. (A short one may
        // still fit in room SQLite holds in its files; a pasted log does not.)
        Assert.Equal(1, (await client.StatusAsync()).SessionCount);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsync(session, "look at this log:\n" + new string('x', 400_000)));
        Assert.StartsWith("Your message was not saved: the disk is full", refused.Message);
        await ModelCalls.StayAtAsync(_fake, 1);
        Assert.True(ErrorLines(brain) <= 2, $"each kind of fault is logged once a minute, not per attempt:\n{brain.Process.Stderr}");

        // Space again: the session goes on where it stopped, with one more call.
        Assert.Equal(0, SmallDisk.RunInside(brain.Process.Pid, $"rm \"{_home.Home.Db}/filler\""));
        await client.PostAsync(session, "go on");
        await Pushes.UntilAsync(client, p => p is Journaled { Event: AgentMessage { Text: "Echo: go on" } }, TimeSpan.FromSeconds(30), "the answer");
        await ModelCalls.StayAtAsync(_fake, 2);

        // The call whose result was lost has one result saying so (written when the turn was closed, or by the next turn).
        await using var reader = await brain.ConnectAsync("reader");
        var history = (await ExportCommandAccess.ReadHistoryAsync(reader, session)).Select(j => j.Event).ToList();
        var lost = Assert.Single(history.OfType<ToolResponse>(), r => r.CallId == "toolu_fill");
        Assert.True(lost.IsError);
        Assert.Contains("result", lost.Content);
        Assert.Contains("saved", lost.Content);

        brain.Process.Terminate();
        await brain.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_brain_on_a_full_disk_does_not_start_and_says_why_in_one_line()
    {
        var port = FreePort.Next();
        await using var brain = AnimaProcess.Start(_home.Root, Environment, SmallDisk.Wrapper(_home.Home.Db, megabytes: 4, fillBytes: -1), "start", "--port", port.ToString());

        await brain.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, brain.ExitCode);
        var line = Assert.Single(brain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("anima: The disk is full:", line);
        Assert.Contains("Free some space", line);
        Assert.Equal(0, _fake.RequestCount);
    }

    private static int ErrorLines(RunningBrain brain) =>
        (brain.Process.Stdout + brain.Process.Stderr).Split('\n').Count(line => line.Contains(" ERR ", StringComparison.Ordinal));
}
