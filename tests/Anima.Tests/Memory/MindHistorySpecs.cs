using Akka.Configuration;
using Anima.Actors.Memory;
using Anima.Actors.Mind;
using Anima.Messages.Mind;
using Anima.Tests.Mind;

namespace Anima.Tests.Memory;

/// <summary>How the agent felt at a moment, read from a session's journaled hormone changes as Thymos reads its state.</summary>
public sealed class MindHistorySpecs
{
    private const string Frustration = "frustration";

    [Fact]
    public void The_levels_at_a_moment_are_the_last_change_before_it_decayed_to_it_as_Thymos_reads_them()
    {
        var config = MindConfig.Parse(ConfigurationFactory.ParseString(ThymosRulesSpecs.FrustrationOnly));
        var t0 = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
        var history = new MindHistory(config,
        [
            new HormoneChanged("s1", Frustration, 40, 40, "tool-error", t0),
            new HormoneChanged("s1", Frustration, 10, -30, "task-completed", t0.AddMinutes(30)),
        ]);

        Assert.Equal(0, history.At(t0.AddSeconds(-1)).Levels[Frustration]); // before anything was felt: the baseline
        Assert.Equal(40, history.At(t0).Levels[Frustration]); // a change at the very moment counts
        Assert.Equal(20, history.At(t0.AddMinutes(10)).Levels[Frustration]); // one half-life later
        Assert.Equal(10, history.At(t0.AddMinutes(30)).Levels[Frustration]);
        Assert.Equal(5, history.At(t0.AddMinutes(40)).Levels[Frustration]);
        Assert.Equal(20, history.At(t0.AddMinutes(10)).Levels[Frustration]); // asked out of order, read again from the start
    }
}
