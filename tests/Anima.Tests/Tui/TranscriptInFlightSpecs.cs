using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;

namespace Anima.Tests.Tui;

/// <summary>The chat pane after an attach in the middle of a turn: the answer so far, from its start, once.</summary>
public sealed class TranscriptInFlightSpecs
{
    private const string Session = "s1";

    [Fact]
    public void The_turn_in_flight_replaces_the_live_state_and_the_deltas_after_it_extend_it()
    {
        var transcript = new Transcript(Session);
        transcript.Apply(new Journaled(Session, 1, new UserMessage("slow: 12 second reopen", DateTimeOffset.Now)));
        transcript.Apply(new TextDelta(Session, "low: 12")); // what a client that missed the start had heard

        transcript.Apply(new TurnInFlight(Session, Running: true, Text: "Echo: slow: 12", Thinking: string.Empty));
        transcript.Apply(new TextDelta(Session, " second reopen"));

        Assert.True(transcript.TurnRunning);
        Assert.Equal("Echo: slow: 12 second reopen", transcript.StreamingText);
        Assert.Equal(1, Occurrences(transcript.ToMarkdown(), "slow: 12 second reopen ▍"));
    }

    [Fact]
    public void An_attach_between_turns_leaves_nothing_running()
    {
        var transcript = new Transcript(Session);
        transcript.Apply(new TurnStarted(Session));
        transcript.Apply(new TextDelta(Session, "cut off"));

        transcript.Apply(TurnInFlight.Idle(Session));

        Assert.False(transcript.TurnRunning);
        Assert.Equal(string.Empty, transcript.StreamingText);
        Assert.DoesNotContain("▍", transcript.ToMarkdown());
    }

    [Fact]
    public void A_retry_being_waited_out_shows_after_an_attach()
    {
        var transcript = new Transcript(Session);
        var retry = new RetryNotice(Session, 2, 5, TimeSpan.FromSeconds(4), "overloaded");

        transcript.Apply(new TurnInFlight(Session, true, string.Empty, string.Empty, retry));

        Assert.Equal(retry, transcript.Retry);
        Assert.Contains("Retrying", transcript.ToMarkdown());
    }

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;
}
