using Anima.Actors.Protocol;
using Anima.FakeAnthropic;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Agent;

/// <summary>
/// The mind feels a user's interrupt as one interrupt, not as a failure of each tool it cut short (frustration alone,
/// the worked example).
/// </summary>
public sealed class InterruptMindSpecs() : AgentFlowSpec(NewFake(), Anima.Tests.Mind.ThymosRulesSpecs.FrustrationOnly, new ManualClock(DateTimeOffset.UtcNow))
{
    [Fact]
    public async Task An_interrupt_that_kills_one_command_and_skips_another_is_one_user_interrupt()
    {
        var marker = "anima-interrupt-mind-" + Guid.NewGuid().ToString("N")[..8];
        Fake.Enqueue(FakeResponse.ToolUse(
            ("toolu_slow", "bash", $$"""{"command":"sh -c 'sleep 30' {{marker}}"}"""),
            ("toolu_never", "bash", """{"command":"echo never"}""")));
        var session = NewSession();
        Say(session, "wait a bit");
        await Eventually.True(() => Eventually.ProcessRunning(marker), "the command started");

        Sessions.Tell(new InterruptTurn(session), TestActor);
        var closing = NextJournaled<SystemMessage>();
        Assert.True(closing.Interrupted);

        AwaitAssert(() =>
        {
            Mind!.Tell(new GetMind(session), TestActor);
            var report = ExpectMsg<MindReport>();
            Assert.Equal(["user-interrupt"], report.Recent.Select(c => c.Cause)); // the message at rest moved nothing
            Assert.Equal(5, Math.Round(Assert.Single(report.Hormones).Level));
        }, TimeSpan.FromSeconds(5));
        Assert.All(History(session).Select(j => j.Event).OfType<ToolResponse>(), r => Assert.True(r.IsError && r.Interrupted == true));
    }
}
