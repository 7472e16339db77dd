using Anima.Actors.Memory;
using Anima.Actors.Mind;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Agent;
using Anima.Tests.Mind;
using Anima.Tests.Support;

namespace Anima.Tests.Memory;

/// <summary>
/// A memory made again from the journal (its file lost, or behind) carries how the agent felt when its message was
/// made, read from the mind's own stream, not how it feels while the file is made again. Frustration alone, on the
/// wall clock the brain runs on.
/// </summary>
public sealed class CaughtUpFeelingSpecs() : AgentFlowSpec(
    NewFake(),
    "anima.mind.appraisal.repeated-failure = 99\n" + ThymosRulesSpecs.FrustrationOnly,
    SystemClock.Instance,
    withMemory: true)
{
    private const string Frustration = "frustration";

    [Fact]
    public async Task A_message_made_while_frustrated_is_remembered_again_frustrated_and_a_later_calm_one_calm()
    {
        Fake.Enqueue(
            [.. FailedLookups(3),
            FakeResponse.Text("I could not find it."),
            FakeResponse.ToolUse(Enumerable.Range(4, 10).Select(i => ($"toolu_{i}", "bash", """{"command":"true"}""")).ToArray()),
            FakeResponse.Text("Found it.")]);
        var session = NewSession();
        Say(session, "find the file");
        NextJournaled<AgentMessage>(m => m.Text == "I could not find it."); // three failures: frustration 30
        Say(session, "look in the other folder");
        NextJournaled<AgentMessage>(m => m.Text == "Found it."); // ten successes wash it away
        await Eventually.True(() => MemoryStore!.OfSession(session, MemoryKind.Event).Count == 4, "the messages are remembered");
        StopMneme();

        // The file lost, made again while the agent is calm.
        using var rebuilt = new MemoryStore(Path.Combine(TempHome.Root, "db", "rebuilt.mneme.db"), SharedEncoder.Instance);
        var again = StartMneme(rebuilt, "mneme-rebuilt", withMind: true);
        await Eventually.True(() => rebuilt.OfSession(session, MemoryKind.Event).Count == 4, "every message is remembered again", TimeSpan.FromSeconds(20));

        var felt = rebuilt.OfSession(session, MemoryKind.Event).ToDictionary(m => m.Text);
        Assert.Equal(0, felt["user: find the file"].Levels[Frustration]);
        Assert.InRange(felt["agent: I could not find it."].Levels[Frustration], 25, 30); // 30, a few seconds decayed (half-life 10 min)
        Assert.Equal("stirred", felt["agent: I could not find it."].Feeling);
        Assert.True(felt["agent: I could not find it."].Salience > 0.15);
        Assert.InRange(felt["user: look in the other folder"].Levels[Frustration], 25, 30); // as it stood when the user wrote
        Assert.Equal(0, felt["agent: Found it."].Levels[Frustration]);
        Assert.Equal(string.Empty, felt["agent: Found it."].Feeling);
        Sys.Stop(again);
    }
}
