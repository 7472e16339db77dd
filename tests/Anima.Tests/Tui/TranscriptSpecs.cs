using Anima.Client.Text;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;

namespace Anima.Tests.Tui;

public sealed class TranscriptSpecs
{
    private const string Session = "s1";
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly Transcript _transcript = new(Session);
    private long _seq;

    [Fact]
    public void The_session_adds_up_its_calls_and_says_how_much_input_the_cache_served()
    {
        Journal(new AgentMessage("one", At, Usage: new TokenUsage(1000, 50, 0, 3000)));
        Journal(new AgentMessage("two", At, Usage: new TokenUsage(100, 50, 3000, 900)));

        Assert.Equal(new TokenUsage(1100, 100, 3000, 3900), _transcript.SessionUsage);
        Assert.Equal(38, TokenShare.CachedPercent(_transcript.SessionUsage)); // 3000 of 8000, 37.5
        Assert.Contains("8,000 (38 % cached)", TokenShare.Describe(_transcript.SessionUsage));
    }

    [Fact]
    public void An_expanded_tool_call_shows_its_whole_input_and_result_in_code_blocks()
    {
        Journal(new ToolCall("c1", "bash", """{"command":"ls -la"}""", At));
        Journal(new ToolResponse("c1", "total 8\nfile-a\nfile-b", false, At));

        Assert.True(_transcript.ToggleTool("c1"));

        var tool = Assert.Single(_transcript.Render(), r => r.Kind == RenderKind.Tool).Markdown;
        Assert.Contains("```json", tool);
        Assert.Contains("\"command\": \"ls -la\"", tool);
        Assert.Contains("file-a\nfile-b", tool);
        _transcript.ToggleAllTools();
        Assert.DoesNotContain("file-b", _transcript.Render().Single(r => r.Kind == RenderKind.Tool).Markdown);
    }

    [Fact]
    public void A_retry_notice_shows_attempt_delay_and_reason_until_text_arrives()
    {
        Transient(new TurnStarted(Session));
        Transient(new RetryNotice(Session, 2, 5, TimeSpan.FromSeconds(4), "529 overloaded"));

        var retry = Assert.Single(_transcript.Render(), r => r.Kind == RenderKind.Retry).Markdown;
        Assert.Contains("4 s", retry);
        Assert.Contains("2/5", retry);
        Assert.Contains("529 overloaded", retry);

        Transient(new TextDelta(Session, "Hi"));
        Assert.DoesNotContain(_transcript.Render(), r => r.Kind == RenderKind.Retry);
    }

    [Fact]
    public void Streamed_deltas_are_replaced_by_the_final_agent_message_without_duplicate()
    {
        Journal(new UserMessage("hello", At));
        Transient(new TurnStarted(Session));
        Transient(new TextDelta(Session, "Hel"));
        Transient(new TextDelta(Session, "lo there"));

        Assert.Contains("Hello there", _transcript.Render().Single(r => r.Kind == RenderKind.Streaming).Markdown);

        Journal(new AgentMessage("Hello there", At, Usage: new TokenUsage(10, 3)));
        Transient(new TurnEnded(Session, TurnOutcome.Completed));

        var markdown = _transcript.ToMarkdown();
        Assert.Equal(1, Occurrences(markdown, "Hello there"));
        Assert.DoesNotContain(_transcript.Render(), r => r.Kind == RenderKind.Streaming);
        Assert.Equal(new TokenUsage(10, 3), _transcript.LastUsage);
        Assert.Equal(2, _transcript.MessageCount);
    }

    [Fact]
    public void A_message_sent_during_a_turn_shows_as_queued_until_the_journal_has_it()
    {
        Transient(new TurnStarted(Session));
        _transcript.AddPending(new PendingMessage("corr-1", "and another thing"));

        var queued = Assert.Single(_transcript.Render(), r => r.Kind == RenderKind.Queued);
        Assert.Contains("queued", queued.Markdown);
        Assert.Contains("and another thing", queued.Markdown);

        _transcript.Accepted("corr-1", 1);
        Assert.Single(_transcript.Render(), r => r.Kind == RenderKind.Queued);

        Journal(new UserMessage("and another thing", At));
        Assert.DoesNotContain(_transcript.Render(), r => r.Kind == RenderKind.Queued);
        Assert.Equal(1, Occurrences(_transcript.ToMarkdown(), "and another thing"));
    }

    [Fact]
    public void A_waiting_message_is_matched_to_the_journal_by_its_correlation_id_never_by_its_text()
    {
        _transcript.AddPending(new PendingMessage("ours", "yes"));
        _transcript.Waiting("ours");

        // Another client's "yes" is not ours: ours still waits, and goes once the history has caught up.
        Journal(new UserMessage("yes", At, CorrelationId: "theirs"));
        Assert.Single(_transcript.Pending);
        Assert.Equal("ours", Assert.Single(_transcript.TakeWaiting()).CorrelationId);

        // Ours journaled (its acknowledgement lost): it is the journal's now, shown once with theirs.
        Journal(new UserMessage("yes", At, CorrelationId: "ours"));
        Assert.Empty(_transcript.Pending);
        Assert.Equal(2, Occurrences(_transcript.ToMarkdown(), "yes"));
    }

    [Fact]
    public void An_event_seen_twice_or_from_another_session_is_applied_once()
    {
        var first = new Journaled(Session, 1, new UserMessage("hi", At));
        Assert.True(_transcript.Apply(first));
        Assert.False(_transcript.Apply(first));
        Assert.False(_transcript.Apply(new Journaled("other", 2, new UserMessage("elsewhere", At))));
        Assert.False(_transcript.Apply(new TextDelta("other", "elsewhere")));

        Assert.Single(_transcript.Items);
        Assert.Equal(1, _transcript.LastSeq);
    }

    [Fact]
    public void A_lost_link_forgets_the_half_streamed_turn_but_keeps_the_journal()
    {
        Journal(new UserMessage("hi", At));
        Transient(new TurnStarted(Session));
        Transient(new TextDelta(Session, "partial"));

        _transcript.ResetLive();

        Assert.False(_transcript.TurnRunning);
        Assert.DoesNotContain("partial", _transcript.ToMarkdown());
        Assert.Single(_transcript.Items);
    }

    [Fact]
    public void Session_started_gives_the_title()
    {
        Journal(new SessionStarted("Plans", At));

        Assert.Equal("Plans", _transcript.Title);
        Assert.Empty(_transcript.Render());
    }

    [Fact]
    public void A_long_session_shows_its_newest_items_says_how_many_are_above_and_brings_them_in_on_request()
    {
        for (var i = 1; i <= 300; i++)
        {
            Journal(new UserMessage($"message {i:000}", At));
        }

        Transient(new TurnStarted(Session));
        Transient(new TextDelta(Session, "still streaming"));

        _transcript.FollowTail(1_000);
        var shown = _transcript.Render();
        Assert.Equal(RenderKind.Earlier, shown[0].Kind);
        Assert.Contains($"{_transcript.WindowStart} earlier", shown[0].Markdown);
        Assert.InRange(_transcript.WindowStart, 200, 299);
        Assert.Contains("message 300", shown[^2].Markdown);
        Assert.Equal(RenderKind.Streaming, shown[^1].Kind);
        Assert.DoesNotContain("message 200", _transcript.ToMarkdown());

        var start = _transcript.WindowStart;
        Assert.True(_transcript.ShowEarlier(1_000));
        Assert.True(_transcript.WindowStart < start);
        while (_transcript.ShowEarlier(1_000))
        {
        }

        var all = _transcript.ToMarkdown();
        Assert.DoesNotContain(_transcript.Render(), r => r.Kind == RenderKind.Earlier);
        Assert.Equal(1, Occurrences(all, "message 001"));
        Assert.Equal(1, Occurrences(all, "message 300"));

        // Back at the bottom, the pane holds the tail again.
        _transcript.FollowTail(1_000);
        Assert.Equal(start, _transcript.WindowStart);
    }

    [Fact]
    public void A_call_waiting_for_approval_says_so_until_it_is_answered()
    {
        Journal(new ToolCall("c1", "bash", """{"command":"rm -r build"}""", At));
        Journal(new ApprovalRequested("c1", "bash", "rm -r build", "bash asks in ask mode", At));

        Assert.Contains("⏸ waiting for your approval", _transcript.ToMarkdown());

        Journal(new ApprovalAnswered("c1", ApprovalDecision.Approve, "tui", At));
        Assert.Contains("… running", _transcript.ToMarkdown());
        Assert.DoesNotContain("waiting for your approval", _transcript.ToMarkdown());

        Journal(new ToolResponse("c1", "removed", false, At));
        Assert.Contains("→ `removed`", _transcript.ToMarkdown());
    }

    private void Journal(ISessionEvent evt) => Assert.True(_transcript.Apply(new Journaled(Session, ++_seq, evt)));

    private void Transient(ITransientEvent evt) => Assert.True(_transcript.Apply(evt));

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void A_reopened_session_shows_the_context_its_last_call_was_sent_until_a_turn_says_more()
    {
        var transcript = new Transcript("s");
        transcript.Apply(new Journaled("s", 1, new UserMessage("hi", DateTimeOffset.UnixEpoch)));
        transcript.Apply(new Journaled("s", 2, new AgentMessage("hello", DateTimeOffset.UnixEpoch, Usage: new TokenUsage(1200, 40, 10000, 500))));

        Assert.Equal("11,700 (last call)", ContextWindowInfo.Describe(null, transcript.LastUsage));
        Assert.Equal("12,000 / 100,000", ContextWindowInfo.Describe(new ContextWindowInfo("s", 12000, 100000), transcript.LastUsage));
        Assert.Equal("—", ContextWindowInfo.Describe(null, new Transcript("t").LastUsage));
    }
}
