using System.Text.RegularExpressions;
using Akka.Configuration;
using Anima.Actors.Mind;
using Anima.Messages.Mind;

namespace Anima.Tests.Mind;

/// <summary>
/// The seed's hormones felt together: the inner voice from all of them at once (mixed states included), the desires
/// they add up to, and a recalled memory's feeling touching the present. Pure rules on the default configuration.
/// </summary>
public sealed partial class FeltStateSpecs
{
    private const string Session = "s1";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly MindConfig Config = MindConfig.Defaults;

    [Fact]
    public void The_seed_has_its_six_hormones_and_frustration_each_with_a_rest_a_range_a_pace_stimuli_and_a_voice()
    {
        Assert.Equal(
            ["cortisol", "dopamine", "endorphins", "frustration", "oxytocin", "serotonin", "testosterone"],
            Config.Hormones.Select(h => h.Name));
        Assert.All(Config.Hormones, h =>
        {
            Assert.InRange(h.Baseline, h.Min, h.Max);
            Assert.True(h.HalfLife > TimeSpan.Zero);
            Assert.NotEmpty(h.Stimuli);
            Assert.NotEmpty(h.Voice);
            Assert.True(h.DrivesInnerVoice);
        });
        Assert.Equal(["cortisol", "frustration"], Config.Hormones.Where(h => h.DrivesThinkingBudget).Select(h => h.Name));
        Assert.Equal(["cortisol", "frustration", "testosterone"], Config.Hormones.Where(h => h.ToolRoundsDivisor is not null).Select(h => h.Name));
    }

    [Fact]
    public void At_rest_the_mind_is_silent_and_wants_nothing()
    {
        var rest = MindState.Initial(Config);

        Assert.Empty(InnerVoice.Lines(rest, T0));
        Assert.Empty(Desires.For(rest, T0));
        Assert.Empty(FeltTail.For(rest, T0));
    }

    [Fact]
    public void Every_hormone_speaks_at_once_the_strongest_first_and_at_most_four()
    {
        var state = At(("dopamine", 85), ("oxytocin", 82), ("endorphins", 65), ("testosterone", 62), ("frustration", 12));

        var lines = InnerVoice.Lines(state, T0);

        // Furthest from rest on each hormone's own scale: dopamine 0.75, oxytocin 0.74, endorphins 0.61, testosterone 0.37, frustration 0.12.
        Assert.Equal(
            ["I can't wait to dig into this", "I really care how this turns out for them", "I'm glowing after that one", "I feel bold, ready to take this on"],
            lines);
    }

    [Theory]
    [InlineData(38, "I feel a little low")]
    [InlineData(25, "Everything feels a bit grey")]
    [InlineData(50, null)]
    [InlineData(70, "I feel steady and light")]
    public void A_shortfall_speaks_as_well_as_an_excess(double serotonin, string? line)
    {
        Assert.Equal(line, InnerVoice.Lines(At(("serotonin", serotonin)), T0).SingleOrDefault());
    }

    [Fact]
    public void A_mixed_state_speaks_as_one_line_for_the_hormones_it_names()
    {
        var relieved = InnerVoice.Lines(At(("endorphins", 45), ("cortisol", 45)), T0);
        var tired = InnerVoice.Lines(At(("serotonin", 32), ("dopamine", 70)), T0);

        Assert.Equal(["Relieved, though still a little shaken"], relieved);
        Assert.Equal(["Tired, but curious"], tired);
    }

    [Fact]
    public void Desires_are_what_the_levels_add_up_to_the_strongest_first_each_said_once()
    {
        var state = At(("dopamine", 80), ("oxytocin", 47), ("testosterone", 60), ("endorphins", 35), ("frustration", 30));

        var wants = Desires.For(state, T0);

        Assert.Equal(
            ["I want to explore where this could go next", "I want to get to the bottom of this", "I want to take on the next thing"],
            wants);
        Assert.Equal(Config.MaxDesires, wants.Count);
    }

    [Fact]
    public void High_stress_leans_toward_stepping_back_and_asking_them_never_toward_pushing_on()
    {
        var state = At(("cortisol", 85), ("frustration", 75), ("dopamine", 30), ("serotonin", 35));

        var tail = FeltTail.For(state, T0);
        var feeling = Assert.Single(tail, s => s.Label == FeltTail.Feeling).Text;
        var wanting = Assert.Single(tail, s => s.Label == FeltTail.Wanting).Text;

        Assert.StartsWith("This is too much to push through alone. I want to stop and ask them what they think.", feeling);
        Assert.Contains("I need help", feeling);
        Assert.StartsWith("I want to stop and ask them before I try anything else.", wanting);
        Assert.DoesNotMatch(PushingOn(), feeling + " " + wanting);
        Assert.DoesNotMatch("[0-9]", feeling + " " + wanting);
    }

    [Fact]
    public void Every_line_of_the_defaults_is_a_feeling_never_a_number_nor_an_instruction()
    {
        var lines = Config.Hormones.SelectMany(h => h.Voice.Select(v => v.Text))
            .Concat(Config.Blends.Select(b => b.Text))
            .Concat(Config.Desires.Select(d => d.Text))
            .Append(Config.Channels.LastRoundWant!)
            .ToList();

        Assert.All(lines, line =>
        {
            Assert.DoesNotMatch("[0-9]", line);
            Assert.DoesNotMatch(@"(?i)\byou\b|\byour\b", line);
            Assert.DoesNotMatch(@"^(Stop|Try|Do|Don't|Check|Ask|Think|Keep|Make|Be|Go|Run|Fix)\b", line);
            Assert.DoesNotMatch(PushingOn(), line);
        });
    }

    [Fact]
    public void A_recalled_memory_pulls_each_level_a_little_toward_what_it_was_then()
    {
        var now = MindState.Initial(Config);

        var changes = now.Recall(Session, new Dictionary<string, double> { ["cortisol"] = 80, ["dopamine"] = 40, ["nostalgia"] = 90 }, 0.15, T0, "memory m1 came back");

        // cortisol 20 → 20 + 0.15 × (80 − 20) = 29; dopamine is already where it was; an unknown hormone is ignored.
        var change = Assert.Single(changes);
        Assert.Equal(("cortisol", 29d, 9d, Stimulus.RecalledFeeling, "memory m1 came back"), (change.Hormone, change.Level, change.Delta, change.Cause, change.Reason));
        Assert.Empty(now.Recall(Session, new Dictionary<string, double> { ["cortisol"] = 80 }, 0, T0, "memory m1 came back"));
        Assert.Equal(0.15, Config.RecallGain);
    }

    [Fact]
    public void A_hormone_switched_off_leaves_the_voices_and_wants_that_need_it_silent()
    {
        var config = MindConfig.Parse(ConfigurationFactory.ParseString("anima.mind.hormones.endorphins.enabled = off"));
        var state = MindState.Initial(config)
            .Apply(new HormoneChanged(Session, "cortisol", 45, 25, "test", T0))
            .Apply(new HormoneChanged(Session, "testosterone", 70, 30, "test", T0));

        Assert.Equal(["I feel bold, ready to take this on", "I'm on edge"], InnerVoice.Lines(state, T0));
        Assert.DoesNotContain("I want to take on the next thing", Desires.For(state, T0));
    }

    [GeneratedRegex(@"(?i)\b(must|whatever it takes|keep going|push on|don't give up|at any cost)\b")]
    private static partial Regex PushingOn();

    private static MindState At(params (string Hormone, double Level)[] levels) =>
        levels.Aggregate(MindState.Initial(Config), (state, l) => state.Apply(new HormoneChanged(Session, l.Hormone, l.Level, 0, "test", T0)));
}
