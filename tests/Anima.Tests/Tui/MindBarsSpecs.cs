using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;

namespace Anima.Tests.Tui;

public sealed class MindBarsSpecs
{
    [Fact]
    public void Each_hormone_is_a_bar_with_its_level_and_the_direction_it_last_moved()
    {
        var text = MindBars.Render([
            new HormoneReading("frustration", 30, 0, 100, 10),
            new HormoneReading("cortisol", 0, 0, 100, -3),
        ]);

        Assert.Equal("frustration\n  ███░░░░░░░  30 ↑\ncortisol\n  ░░░░░░░░░░   0 ↓\n", text);
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
