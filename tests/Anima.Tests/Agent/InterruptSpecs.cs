using Anima.Actors.Protocol;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

public sealed class InterruptSpecs() : AgentFlowSpec(NewFake())
{
    [Fact]
    public async Task An_interrupt_mid_stream_stops_the_turn_within_a_second_and_keeps_what_was_said()
    {
        Fake.Enqueue(FakeResponse.Hang("I was saying"), FakeResponse.Text("Fresh start."));
        var session = NewSession();
        Say(session, "tell me a long story");
        Next<TextDelta>();

        Sessions.Tell(new InterruptTurn(session), TestActor);

        var kept = NextJournaled<AgentMessage>(within: TimeSpan.FromSeconds(1));
        Assert.Equal(("I was saying", "interrupted"), (kept.Text, kept.StopReason));
        Assert.Contains("Interrupted", NextJournaled<SystemMessage>().Text);
        Assert.Equal(TurnOutcome.Interrupted, Next<TurnEnded>().Outcome);

        // The cut call is billed for its input: kept with the words, as the provider said it; the output estimated.
        var billed = (await Fake.WaitForRequestsAsync(1, TimeSpan.FromSeconds(5)))[0].Cache!;
        Assert.NotNull(kept.Usage);
        Assert.Equal(
            (billed.InputTokens, billed.CacheReadTokens, billed.CacheWriteTokens),
            (kept.Usage.InputTokens, kept.Usage.CacheReadTokens, kept.Usage.CacheWriteTokens));
        Assert.InRange(kept.Usage.OutputTokens, 1, 10);

        Say(session, "again");
        Assert.Equal("Fresh start.", NextJournaled<AgentMessage>().Text);
        var next = (await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5)))[1];
        Assert.Equal("again", next.LastUserText);
    }

    [Theory]
    [InlineData("I was saying")]
    [InlineData("")]
    public async Task A_message_sent_during_a_turn_that_is_then_interrupted_is_answered_next(string saidBeforeTheInterrupt)
    {
        Fake.Enqueue(FakeResponse.Hang(saidBeforeTheInterrupt), FakeResponse.Text("About the second question."));
        var session = NewSession();
        Say(session, "tell me a long story");
        if (saidBeforeTheInterrupt.Length > 0)
        {
            Next<TextDelta>();
        }
        else
        {
            await Fake.WaitForRequestsAsync(1, TimeSpan.FromSeconds(5));
        }

        Say(session, "second question");
        Sessions.Tell(new InterruptTurn(session), TestActor);

        Assert.Contains("Interrupted", NextJournaled<SystemMessage>().Text);
        NextJournaled<AgentMessage>(m => m.Text == "About the second question.");
        var next = (await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5)))[1];
        Assert.Equal("second question", next.LastUserText);
    }

    [Fact]
    public async Task An_interrupt_mid_tool_kills_the_command_and_leaves_every_tool_use_with_a_result()
    {
        var marker = "anima-interrupt-" + Guid.NewGuid().ToString("N")[..8];
        Fake.Enqueue(
            FakeResponse.ToolUse(
                ("toolu_slow", "bash", $$"""{"command":"sh -c 'sleep 30' {{marker}}"}"""),
                ("toolu_never", "bash", """{"command":"echo never"}""")),
            FakeResponse.Text("Understood."));
        var session = NewSession();
        Say(session, "wait a bit");
        NextJournaled<ToolCall>(c => c.CallId == "toolu_never");
        await Support.Eventually.True(() => Support.Eventually.ProcessRunning(marker), "the command started");

        Sessions.Tell(new InterruptTurn(session), TestActor);

        var slow = NextJournaled<ToolResponse>(within: TimeSpan.FromSeconds(2));
        Assert.Equal("toolu_slow", slow.CallId);
        Assert.True(slow.IsError);
        Assert.Contains("Interrupted", slow.Content);
        var never = NextJournaled<ToolResponse>();
        Assert.Equal(("toolu_never", true), (never.CallId, never.IsError));
        Assert.Equal(TurnOutcome.Interrupted, Next<TurnEnded>().Outcome);
        Assert.False(Support.Eventually.ProcessRunning(marker), "the command's process is gone");

        Say(session, "ok, go on");
        NextJournaled<AgentMessage>(m => m.Text == "Understood.");
        var request = (await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5)))[1];
        var last = request.Messages[^1]!["content"]!.AsArray();
        Assert.Equal(["toolu_slow", "toolu_never"], last.Where(b => (string?)b!["type"] == "tool_result").Select(b => (string?)b!["tool_use_id"]));
    }
}
