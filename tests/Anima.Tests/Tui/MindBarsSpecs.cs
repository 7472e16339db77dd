using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;

namespace Anima.Tests.Tui;

public sealed class MindBarsSpecs
{
    [Fact]
    public void Each_hormone_is_a_line_with_a_bar_its_level_and_the_direction_it_last_moved()
    {
        var text = MindBars.Render([
            new HormoneReading("cortisol", 43, 20, 100, -20),
            new HormoneReading("frustration", 30, 0, 100, 10),
            new HormoneReading("testosterone", 40, 40, 100, 0),
        ]);

        Assert.Equal("cortisol     ████░░░░░░  43 ↓\nfrustration  ███░░░░░░░  30 ↑\ntestosterone ████░░░░░░  40 ·\n", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= MainWindow.SidebarWidth - 2, line));
    }

    [Fact]
    public void The_agents_wants_are_wrapped_to_the_sidebar_under_a_bullet_each()
    {
        var text = MindBars.Wants(["I want to explore where this could go next", "I'd like to hear how it went"], 30);

        Assert.Equal("· I want to explore where this\n  could go next\n· I'd like to hear how it went\n", text);
        Assert.Equal(string.Empty, MindBars.Wants(null, 30));
    }

    [Fact]
    public void A_session_without_a_title_is_named_by_its_first_user_message()
    {
        var transcript = new Transcript("s1");

        transcript.Apply(new Journaled("s1", 1, new SessionStarted(null, DateTimeOffset.UtcNow)));
        transcript.Apply(new Journaled("s1", 2, new UserMessage("Plan my week\nwith details", DateTimeOffset.UtcNow)));
        transcript.Apply(new Journaled("s1", 3, new UserMessage("second", DateTimeOffset.UtcNow)));

        Assert.Equal("Plan my week", transcript.Title);
    }
}
