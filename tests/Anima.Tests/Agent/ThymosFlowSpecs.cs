using System.Text.Json.Nodes;
using Akka.Actor;
using Anima.Actors.Agent;
using Anima.Actors.Protocol;
using Anima.FakeAnthropic;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Agent;

/// <summary>
/// Frustration end to end (the worked example, the other hormones off): tool errors felt by Thymos change the next
/// calls' thinking budget and the inner voice in their volatile tail (tool errors alone: no repeated-failure stimulus).
/// </summary>
public sealed class ThymosFlowSpecs() : AgentFlowSpec(NewFake(), "anima.agent.thinking-budget = 4096\nanima.mind.appraisal.repeated-failure = 99\n" + Anima.Tests.Mind.ThymosRulesSpecs.FrustrationOnly, new ManualClock(DateTimeOffset.UtcNow))
{
    private ManualClock Clock => (ManualClock)MindClock!;

    [Fact]
    public async Task Failing_tools_raise_the_thinking_budget_and_the_inner_voice_and_both_fall_back_after_success_and_time()
    {
        Fake.Enqueue(
            [.. FailedLookups(3),
            FakeResponse.Text("I could not find it.")]);
        var session = NewSession();

        Say(session, "find the file");
        NextJournaled<AgentMessage>(m => m.Text == "I could not find it.");

        var requests = await Fake.WaitForRequestsAsync(4, TimeSpan.FromSeconds(5));
        Assert.Equal([4096, 4915, 5734, 6553], requests.Select(Budget));
        Assert.DoesNotContain("How I feel", requests[0].InnerState);
        Assert.Contains("Hmm, that didn't work", requests[1].InnerState);
        Assert.Contains("Hmm, that didn't work", requests[2].InnerState);
        Assert.Contains("I keep hitting walls. What am I missing?", requests[3].InnerState);
        Assert.DoesNotMatch("[0-9]", Voice(requests[3].InnerState));
        Assert.All(requests, r => Assert.Equal(requests[0].System, r.System));

        // The brain's mind restarts: the levels come back from the journal.
        Watch(Mind!);
        Sys.Stop(Mind!);
        ExpectTerminated(Mind!);
        var mind = StartMind();
        mind.Tell(new GetMind(session), TestActor);
        var report = ExpectMsg<MindReport>();
        Assert.Equal(30, Math.Round(Assert.Single(report.Hormones).Level));
        Assert.Equal("I keep hitting walls. What am I missing?", report.InnerVoice);
        Assert.Equal("tool-error", report.Recent[0].Cause);

        // A success, then a half-life of quiet.
        Fake.ClearRequests();
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_4", "bash", """{"command":"true"}""")), FakeResponse.Text("Found it."), FakeResponse.Text("Calm now."));
        var restarted = Services with { Mind = mind };
        Sys.Stop(Sessions);
        var sessions = Sys.ActorOf(Anima.Actors.Sessions.SessionRegistry.Props(new Anima.Actors.Sessions.SessionSettings(100, TimeSpan.FromMinutes(5)), restarted), "sessions-2");
        sessions.Tell(new Anima.Actors.Protocol.FollowSession(session), Bus.Ref);
        Bus.FishForMessage<Anima.Actors.Protocol.SessionTail>(_ => true);
        sessions.Tell(new Anima.Actors.Protocol.AppendUserMessage(session, "try once more", "c1"), TestActor);
        ExpectMsg<Anima.Messages.Clients.UserMessageAccepted>();
        NextJournaled<AgentMessage>(m => m.Text == "Found it.");
        Clock.Advance(TimeSpan.FromMinutes(10));
        sessions.Tell(new Anima.Actors.Protocol.AppendUserMessage(session, "how do you feel?", "c2"), TestActor);
        ExpectMsg<Anima.Messages.Clients.UserMessageAccepted>();
        NextJournaled<AgentMessage>(m => m.Text == "Calm now.");

        var later = await Fake.WaitForRequestsAsync(3, TimeSpan.FromSeconds(5));
        Assert.True(Budget(later[2]) < 6553, $"budget fell back, was {Budget(later[2])}");
        Assert.DoesNotContain("hitting walls", later[2].InnerState);

        Clock.Advance(TimeSpan.FromHours(2));
        mind.Tell(new ReadMind(session, [], 4096, 16000), TestActor);
        var calm = ExpectMsg<MindReading>();
        Assert.Empty(calm.Tail);
        Assert.Equal(4096, calm.ThinkingBudget);
    }

    private static int Budget(RecordedRequest request) => request.Body!["thinking"]!["budget_tokens"]!.GetValue<int>();

    private static string Voice(string? tail) => tail?[(tail.IndexOf("How I feel", StringComparison.Ordinal))..] ?? string.Empty;
}
