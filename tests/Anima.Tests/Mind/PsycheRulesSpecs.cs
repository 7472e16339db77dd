using Akka.Configuration;
using Anima.Actors.Mind;
using Anima.Messages.Mind;

namespace Anima.Tests.Mind;

/// <summary>
/// Psyche's pure rule: episodes of experience move the gain matrix a step at a time, within bounds, each change an
/// event with its cause; replaying the events reproduces the matrix exactly; a rollback is a new version.
/// </summary>
public sealed class PsycheRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly PsycheState _seed = PsycheState.Initial(MindConfig.Defaults);

    [Fact]
    public void Errors_that_end_in_success_make_failure_weigh_a_little_less()
    {
        var (state, events) = Observe(_seed, ("s1", Stimulus.RepeatedFailure, 0), ("s1", Stimulus.TaskCompleted, 4));

        var adjusted = Assert.Single(events);
        Assert.Equal((1, "resilience", "s1"), (adjusted.Version, adjusted.Episode, adjusted.SessionId));
        Assert.Equal(
            [
                new GainChange("cortisol", "repeated-failure", 15, 14.25),
                new GainChange("cortisol", "tool-error", 6, 5.7),
                new GainChange("frustration", "tool-error", 10, 9.5),
            ],
            adjusted.Changes);
        Assert.Equal("repeated-failure (cause 0), then task-completed (cause 4) 4 min later", adjusted.Cause);
        Assert.Equal(9.5, state.Current.GainOf("frustration", "tool-error"));
        Assert.Equal(10, state.Seed.GainOf("frustration", "tool-error"));
    }

    [Fact]
    public void An_episode_counts_within_its_time_in_its_own_session_and_each_opening_once()
    {
        var late = Observe(_seed, ("s1", Stimulus.RepeatedFailure, 0), ("s1", Stimulus.TaskCompleted, 31)).Events;
        var elsewhere = Observe(_seed, ("s1", Stimulus.RepeatedFailure, 0), ("s2", Stimulus.TaskCompleted, 1)).Events;
        var twice = Observe(_seed, ("s1", Stimulus.RepeatedFailure, 0), ("s1", Stimulus.TaskCompleted, 1), ("s1", Stimulus.TaskCompleted, 2)).Events;

        Assert.Empty(late);
        Assert.Empty(elsewhere);
        Assert.Single(twice, e => e.Episode == "resilience");
    }

    [Fact]
    public void Praise_for_a_finished_task_raises_drive_and_thanks_deepen_the_bond()
    {
        var (state, events) = Observe(_seed, ("s1", Stimulus.TaskCompleted, 0), ("s1", Stimulus.Praise, 1), ("s1", Stimulus.Gratitude, 1));

        Assert.Equal(["boldness-rewarded", "warmth"], events.Select(e => e.Episode));
        Assert.Equal([1, 2], events.Select(e => e.Version));
        Assert.Equal(8.4, state.Current.GainOf("testosterone", "task-completed"), 9);
        Assert.Equal(12.6, state.Current.GainOf("dopamine", "praise"), 9);
        Assert.Equal(12.6, state.Current.GainOf("oxytocin", "gratitude"), 9);
        Assert.Equal(3.15, state.Current.GainOf("oxytocin", "user-message"), 9);
    }

    [Fact]
    public void Criticism_again_soon_makes_criticism_sting_more_in_magnitude_whatever_the_sign()
    {
        var state = Observe(_seed, ("s1", Stimulus.Criticism, 0), ("s1", Stimulus.Criticism, 5)).State;

        Assert.Equal(12.6, state.Current.GainOf("cortisol", "criticism"), 9);
        Assert.Equal(-8.4, state.Current.GainOf("serotonin", "criticism"), 9);
    }

    [Fact]
    public void A_gain_never_drifts_further_than_its_bound_nor_across_zero()
    {
        var episodes = Enumerable.Range(0, 40)
            .SelectMany(i => new[] { ("s1", Stimulus.RepeatedFailure, i * 60), ("s1", Stimulus.TaskCompleted, (i * 60) + 1), ("s1", Stimulus.Criticism, (i * 60) + 2), ("s1", Stimulus.Criticism, (i * 60) + 3) })
            .ToArray();

        var state = Observe(_seed, episodes).State;

        Assert.Equal(5, state.Current.GainOf("frustration", "tool-error"), 9); // 10 × (1 − 0.5)
        Assert.Equal(18, state.Current.GainOf("cortisol", "criticism"), 9); // 12 × (1 + 0.5)
        Assert.Equal(-12, state.Current.GainOf("serotonin", "criticism"), 9);
        Assert.All(state.Entries(), e => Assert.True(Math.Sign(e.Current) == Math.Sign(e.Seed)));
        Assert.All(state.Entries(), e => Assert.InRange(Math.Abs(e.Current), Math.Abs(e.Seed) * 0.5 - 1e-9, Math.Abs(e.Seed) * 1.5 + 1e-9));
    }

    [Fact]
    public void Replaying_the_events_reproduces_the_matrix_exactly_and_the_same_experience_grows_the_same_character()
    {
        var random = new Random(19);
        var kinds = new[] { Stimulus.RepeatedFailure, Stimulus.TaskCompleted, Stimulus.Praise, Stimulus.Gratitude, Stimulus.Criticism, Stimulus.Novelty };
        var experience = Enumerable.Range(0, 500)
            .Select(i => ($"s{random.Next(3)}", kinds[random.Next(kinds.Length)], i * 3))
            .ToArray();

        var (lived, events) = Observe(_seed, experience);
        var replayed = events.Aggregate(_seed, (state, e) => state.Apply(e));
        var relived = Observe(_seed, experience);

        Assert.True(events.Count > 20, $"only {events.Count} episodes");
        Assert.Equal(lived.Version, replayed.Version);
        Assert.Equal(lived.Entries(), replayed.Entries());
        Assert.Equal(lived.Entries(), relived.State.Entries());
        Assert.Equal(events.Select(Describe), relived.Events.Select(Describe));
    }

    [Fact]
    public void A_rollback_returns_to_an_earlier_matrix_as_a_new_version_and_history_keeps_everything()
    {
        var (grown, _) = Observe(
            _seed,
            ("s1", Stimulus.RepeatedFailure, 0), ("s1", Stimulus.TaskCompleted, 1),
            ("s1", Stimulus.RepeatedFailure, 2), ("s1", Stimulus.TaskCompleted, 3));

        var (toOne, refused) = grown.RollbackTo(1, T0.AddHours(1));
        var back = grown.Apply(toOne!);
        var (toSeed, _) = back.RollbackTo(0, T0.AddHours(2));
        var seedAgain = back.Apply(toSeed!);

        Assert.Null(refused);
        Assert.Equal(3, toOne!.Version);
        Assert.Equal(new GainChange("frustration", "tool-error", 9, 9.5), Assert.Single(toOne.Changes, c => c is { Hormone: "frustration", Stimulus: "tool-error" }));
        Assert.Equal(9.5, back.Current.GainOf("frustration", "tool-error"));
        Assert.Equal(_seed.Entries(), seedAgain.Entries());
        Assert.Equal(["episode resilience", "episode resilience", "rollback", "rollback"], seedAgain.History.Select(v => v.Kind));
        Assert.Equal((null, null), seedAgain.RollbackTo(4, T0));
        Assert.Contains("There is no version 9", grown.RollbackTo(9, T0).Refused);
        Assert.Contains("There is no version -1", grown.RollbackTo(-1, T0).Refused);
    }

    [Fact]
    public void Episodes_are_configuration()
    {
        var config = MindConfig.Parse(ConfigurationFactory.ParseString("""
            anima.mind.psyche {
              learning-rate = 0.1
              episodes {
                resilience.adjust { cortisol.tool-error = stronger }
                shy { first = novelty, then = criticism, within = 5m, adjust { testosterone.novelty = weaker } }
              }
            }
            """));

        var (state, events) = Observe(PsycheState.Initial(config), ("s1", Stimulus.Novelty, 0), ("s1", Stimulus.Criticism, 2));

        Assert.Equal("shy", Assert.Single(events).Episode);
        Assert.Equal(3.6, state.Current.GainOf("testosterone", "novelty"), 9);
        Assert.Contains(config.Psyche.Episodes, e => e.Name == "resilience" && e.Adjust.Any(a => a is { Hormone: "cortisol", Stimulus: "tool-error", Direction: 1 }));
    }

    private static string Describe(GainsAdjusted e) => $"{e.Version} {e.Episode} {e.SessionId} {e.Cause} {e.At:O} {string.Join(";", e.Changes)}";

    private static (PsycheState State, List<GainsAdjusted> Events) Observe(PsycheState state, params (string Session, string Stimulus, int Minute)[] stimuli)
    {
        var events = new List<GainsAdjusted>();
        foreach (var (session, stimulus, minute) in stimuli)
        {
            var (next, adjusted) = state.Observe(new StimulusAppraised(session, stimulus, $"cause {minute}", "rule", minute, T0.AddMinutes(minute)));
            state = next;
            events.AddRange(adjusted);
        }

        return (state, events);
    }
}
