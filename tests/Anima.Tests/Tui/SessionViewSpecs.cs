using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;
using Anima.Tui.ViewModel;

namespace Anima.Tests.Tui;

/// <summary>What the brain's pushes do to the open session's view, and what the sidebar then says.</summary>
public sealed class SessionViewSpecs
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly HormoneReading Cortisol = new("cortisol", 0.7, 0.2, 1, 0.1);

    private readonly SessionView _view = new("s1", null);

    [Fact]
    public void Only_the_open_sessions_last_history_chunk_says_the_history_has_caught_up()
    {
        var events = new[] { new Journaled("s1", 1, new UserMessage("hi", At)) };

        Assert.False(_view.Apply(new HistoryChunk("s1", events, Last: false, HighestSeq: 1)));
        Assert.False(_view.Apply(new HistoryChunk("s0", [], Last: true, HighestSeq: 0)));
        Assert.True(_view.Apply(new HistoryChunk("s1", [], Last: true, HighestSeq: 1)));
        Assert.Equal(1, _view.Transcript.MessageCount);
    }

    [Fact]
    public void The_mind_and_the_context_window_go_to_the_sidebar_not_the_transcript()
    {
        var version = _view.Transcript.Version;

        _view.Apply(new MindChanged("s1", [Cortisol], ["rest a moment"]));
        _view.Apply(new ContextWindow("s1", 12_000, 100_000, 40));

        Assert.Equal(version, _view.Transcript.Version);
        Assert.Equal([Cortisol], _view.Mind);
        Assert.Equal(12_000, _view.Context!.Tokens);
        var sidebar = SidebarText.For(_view, "127.0.0.1:4650", following: true, width: 32);
        Assert.Contains("context   12,000 / 100,000", sidebar);
        Assert.Contains("cortisol", sidebar);
        Assert.Contains("rest a moment", sidebar);
    }

    [Fact]
    public void Pushes_for_a_session_just_left_change_nothing()
    {
        _view.Apply(new MindChanged("s0", [Cortisol]));
        _view.Apply(new ContextWindow("s0", 5, 10, 1));
        _view.Apply(new TextDelta("s0", "not for you"));
        _view.Apply(new MindReport("s0", [Cortisol], null, []));

        Assert.Null(_view.Mind);
        Assert.Null(_view.Context);
        Assert.Empty(_view.Transcript.StreamingText);
    }

    [Fact]
    public void The_sidebar_fits_big_token_counts_and_gives_one_cache_share()
    {
        _view.Transcript.Apply(new Journaled("s1", 1, new UserMessage("hi", At)));
        _view.Transcript.Apply(new Journaled("s1", 2, new AgentMessage("hello", At, Usage: new TokenUsage(1_200, 40, 123_456, 12_345))));
        Assert.Contains("% cached", SidebarText.For(_view, "127.0.0.1:4650", following: true, width: 32));

        // The brain's ledger counts every call (the mind's and memory's too): its share is the one shown, beside the cost.
        _view.Apply(new UsageReport([], [], new UsageRow("s1", 3, 1_500, 123_456, 12_345, 60, 0.0456m, 0)), "s1");
        var sidebar = SidebarText.For(_view, "127.0.0.1:4650", following: true, width: 32);

        Assert.All(sidebar.Split('\n'), line => Assert.True(line.Length <= 30, $"'{line}' is wider than the sidebar"));
        Assert.DoesNotContain("% cached", sidebar);
        Assert.Single(sidebar.Split('\n'), line => line.Contains("% of input"));
        Assert.Contains("123,456 read", sidebar);
        Assert.Contains("12,345 written", sidebar);
    }

    [Fact]
    public void The_sidebar_says_when_the_reader_scrolled_up_and_when_no_session_is_open()
    {
        Assert.Contains("(scrolled up: PageDown)", SidebarText.For(_view, "127.0.0.1:4650", following: false, width: 32));
        Assert.DoesNotContain("scrolled up", SidebarText.For(_view, "127.0.0.1:4650", following: true, width: 32));
        Assert.Equal("brain 127.0.0.1:4650\n\nno session yet", SidebarText.For(null, "127.0.0.1:4650", following: true, width: 32));
    }
}
