using Akka.Configuration;
using Anima.Actors.Configuration;
using Anima.Actors.Mind;
using Anima.Client.Configuration;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Mind;

/// <summary>
/// The mind's pure rules on the worked example of MIND.md, frustration alone (the other hormones switched off, the
/// budget unstepped): stimuli, gains, decay, the inner voice and the thinking budget. No actor system.
/// </summary>
public sealed class ThymosRulesSpecs
{
    /// <summary>Frustration by itself, its thinking budget in steps of one token.</summary>
    public const string FrustrationOnly = """
        anima.mind.hormones {
          dopamine.enabled = off, serotonin.enabled = off, oxytocin.enabled = off
          testosterone.enabled = off, cortisol.enabled = off, endorphins.enabled = off
        }
        anima.mind.channels.thinking-budget.step = 1
        """;

    private const string Session = "s1";
    private const string Frustration = "frustration";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HalfLife = TimeSpan.FromMinutes(10);

    private readonly MindConfig _config = Parse(string.Empty);
    private readonly GainTable _gains;
    private readonly ManualClock _clock = new(T0);

    public ThymosRulesSpecs() => _gains = _config.Gains();

    // ── stimuli ────────────────────────────────────────────────────────────────

    [Fact]
    public void A_failed_tool_response_is_a_tool_error()
    {
        Assert.Equal([Stimulus.ToolError], Stimulus.Of(new ToolResponse("t1", "exit code 1", IsError: true, T0)));
    }

    [Fact]
    public void A_successful_tool_response_is_a_tool_success()
    {
        Assert.Equal([Stimulus.ToolSuccess], Stimulus.Of(new ToolResponse("t1", "ok", IsError: false, T0)));
    }

    [Fact]
    public void A_users_interrupt_is_felt_once_from_the_closing_message_and_not_as_tool_errors()
    {
        Assert.Equal([Stimulus.UserInterrupt], Stimulus.Of(new SystemMessage("Interrupted by the user.", T0, SystemMessageLevel.Warning, Interrupted: true)));
        Assert.Empty(Stimulus.Of(new ToolResponse("t1", "Interrupted by the user. The command was killed.", IsError: true, T0, Interrupted: true)));
        Assert.Empty(Stimulus.Of(new ToolResponse("t2", "Not run: the turn was interrupted.", IsError: true, T0, Interrupted: true)));
    }

    [Fact]
    public void A_call_the_user_declined_is_felt_as_being_told_no_not_as_a_tool_error()
    {
        Assert.Equal([Stimulus.UserDeclined], Stimulus.Of(new ToolResponse("t1", "The user declined this tool call", IsError: true, T0, Declined: true)));
    }

    [Fact]
    public void A_user_message_is_a_user_message()
    {
        Assert.Equal([Stimulus.UserMessage], Stimulus.Of(new UserMessage("hi", T0)));
    }

    [Fact]
    public void Other_events_stimulate_nothing()
    {
        ISessionEvent[] quiet =
        [
            new SessionStarted("t", T0),
            new AgentMessage("hello", T0),
            new ToolCall("t1", "bash", "{}", T0),
            new SystemMessage("retrying", T0, SystemMessageLevel.Warning),
        ];

        Assert.All(quiet, e => Assert.Empty(Stimulus.Of(e)));
    }

    // ── defaults and the gain table ────────────────────────────────────────────

    [Fact]
    public void The_defaults_describe_frustration()
    {
        var frustration = Assert.Single(_config.Hormones);

        Assert.Equal(Frustration, frustration.Name);
        Assert.Equal((0d, 0d, 100d), (frustration.Baseline, frustration.Min, frustration.Max));
        Assert.Equal(HalfLife, frustration.HalfLife);
        Assert.True(frustration.DrivesInnerVoice);
        Assert.Equal(50d, frustration.ThinkingBudgetDivisor);
        Assert.Equal([10d, 30d, 50d, 70d], frustration.Voice.Select(v => v.From));
        Assert.Equal(
            [
                (Frustration, Stimulus.Praise, -5d),
                (Frustration, Stimulus.RepeatedFailure, 10d),
                (Frustration, Stimulus.TaskCompleted, -50d),
                (Frustration, Stimulus.ToolError, 10d),
                (Frustration, Stimulus.ToolSuccess, -3d),
                (Frustration, Stimulus.UserInterrupt, 5d),
                (Frustration, Stimulus.UserMessage, -2d),
            ],
            _gains.Entries.ToList());
    }

    [Fact]
    public void The_brain_defaults_carry_the_mind()
    {
        Assert.True(AnimaConfig.BrainDefaults.HasPath("anima.mind.hormones.frustration.half-life"));
        var fromBrain = MindConfig.Parse(AnimaConfig.BrainDefaults);
        Assert.Equal(MindConfig.Defaults.Hormones.Select(h => (h.Name, h.HalfLife)), fromBrain.Hormones.Select(h => (h.Name, h.HalfLife)));
        Assert.Equal(MindConfig.Defaults.Gains().Entries, fromBrain.Gains().Entries);
    }

    [Fact]
    public void The_gain_table_is_adjusted_by_copy()
    {
        var calmer = _gains.With(Frustration, Stimulus.ToolError, 4);

        Assert.Equal(10, _gains.GainOf(Frustration, Stimulus.ToolError));
        Assert.Equal(4, calmer.GainOf(Frustration, Stimulus.ToolError));
        Assert.Equal(-3, calmer.GainOf(Frustration, Stimulus.ToolSuccess));
        Assert.Equal(0, calmer.GainOf("dopamine", Stimulus.ToolError));
        Assert.False(calmer.Without(Frustration, Stimulus.ToolError).Reacts(Frustration, Stimulus.ToolError));
        Assert.Equal(4, Initial().Apply(Stimulus.ToolError, T0, calmer).Level(Frustration, T0));
    }

    // ── gains applied ──────────────────────────────────────────────────────────

    [Fact]
    public void A_tool_error_raises_frustration_by_its_gain()
    {
        var changes = Initial().React(Session, new ToolResponse("t1", "boom", IsError: true, T0), _gains);

        var change = Assert.Single(changes);
        Assert.Equal(new HormoneChanged(Session, Frustration, 10, 10, Stimulus.ToolError, T0), change);
    }

    [Fact]
    public void Successes_and_user_messages_lower_it_a_little()
    {
        var state = Initial()
            .Apply(Stimulus.ToolError, T0, _gains)
            .Apply(Stimulus.ToolError, T0, _gains)
            .Apply(Stimulus.ToolError, T0, _gains)
            .Apply(Stimulus.ToolSuccess, T0, _gains)
            .Apply(Stimulus.UserMessage, T0, _gains);

        Assert.Equal(25, state.Level(Frustration, T0), 9);
    }

    [Fact]
    public void Relief_at_rest_changes_nothing()
    {
        Assert.Empty(Initial().React(Session, new ToolResponse("t1", "ok", IsError: false, T0), _gains));
        Assert.Empty(Initial().React(Session, new UserMessage("hi", T0), _gains));
    }

    [Fact]
    public void It_is_clamped_at_one_hundred()
    {
        var state = Repeat(Stimulus.ToolError, 9, T0);

        var change = Assert.Single(state.React(Session, new ToolResponse("t", "boom", true, T0), _gains));
        state = state.Apply(change).Apply(Stimulus.ToolError, T0, _gains).Apply(Stimulus.ToolError, T0, _gains);

        Assert.Equal(100, change.Level);
        Assert.Equal(10, change.Delta, 9);
        Assert.Equal(100, state.Level(Frustration, T0));
    }

    [Fact]
    public void It_is_clamped_at_zero()
    {
        var state = Initial()
            .Apply(Stimulus.ToolError, T0, _gains)
            .Apply(Stimulus.ToolSuccess, T0, _gains)
            .Apply(Stimulus.ToolSuccess, T0, _gains)
            .Apply(Stimulus.UserMessage, T0, _gains);

        var change = Assert.Single(state.React(Session, new ToolResponse("t", "ok", false, T0), _gains));

        Assert.Equal(0, change.Level);
        Assert.Equal(-2, change.Delta, 9);
    }

    [Fact]
    public void Replaying_the_journaled_changes_restores_the_same_feelings()
    {
        var live = Initial();
        var journal = new List<HormoneChanged>();
        ISessionEvent[] events =
        [
            new ToolResponse("a", "boom", true, T0),
            new ToolResponse("b", "boom", true, T0.AddMinutes(1)),
            new UserMessage("try again", T0.AddMinutes(2)),
            new ToolResponse("c", "ok", false, T0.AddMinutes(3)),
            new ToolResponse("d", "boom", true, T0.AddMinutes(4)),
        ];
        foreach (var e in events)
        {
            var changes = live.React(Session, e, _gains);
            journal.AddRange(changes);
            live = changes.Aggregate(live, (s, c) => s.Apply(c));
        }

        var restarted = journal.Aggregate(Initial(), (s, c) => s.Apply(c));
        var fromSnapshot = Initial().Apply(live.ToSnapshot(Session));
        var later = T0.AddMinutes(17);

        Assert.Equal(5, journal.Count);
        Assert.Equal(live.Level(Frustration, later), restarted.Level(Frustration, later));
        Assert.Equal(live.Level(Frustration, later), fromSnapshot.Level(Frustration, later));
        Assert.Equal(InnerVoice.For(live, later), InnerVoice.For(restarted, later));
    }

    // ── decay ──────────────────────────────────────────────────────────────────

    [Fact]
    public void After_one_half_life_the_excess_halves()
    {
        var state = Repeat(Stimulus.ToolError, 4, _clock.Now);

        _clock.Advance(HalfLife);
        Assert.Equal(20, state.Level(Frustration, _clock.Now), 9);

        _clock.Advance(HalfLife);
        Assert.Equal(10, state.Level(Frustration, _clock.Now), 9);
    }

    [Fact]
    public void After_ten_half_lives_it_is_back_at_baseline()
    {
        var state = Repeat(Stimulus.ToolError, 10, _clock.Now);

        _clock.Advance(HalfLife * 10);

        Assert.InRange(state.Level(Frustration, _clock.Now), 0, 0.1);
        Assert.Null(InnerVoice.For(state, _clock.Now));
    }

    [Fact]
    public void It_decays_toward_a_baseline_that_is_not_zero()
    {
        var config = MindConfig.Parse(ConfigurationFactory.ParseString("""
            anima.mind.hormones.serotonin { baseline = 50, half-life = 1h, stimuli { user-message = 10 } }
            """));
        var state = MindState.Initial(config).Apply(Stimulus.UserMessage, T0, config.Gains());

        Assert.Equal(55, state.Level("serotonin", T0.AddHours(1)), 9);
        Assert.Equal(50, MindState.Initial(config).Level("serotonin", T0), 9);
    }

    [Fact]
    public void A_stimulus_lands_on_the_decayed_level()
    {
        var state = Repeat(Stimulus.ToolError, 2, T0).Apply(Stimulus.ToolError, T0 + HalfLife, _gains);

        Assert.Equal(20, state.Level(Frustration, T0 + HalfLife), 9);
    }

    [Fact]
    public void Time_running_backwards_decays_nothing()
    {
        var state = Repeat(Stimulus.ToolError, 2, T0);

        Assert.Equal(20, state.Level(Frustration, T0.AddMinutes(-5)));
        Assert.Equal(30, state.Apply(Stimulus.ToolError, T0.AddMinutes(-5), _gains).Level(Frustration, T0), 9);
    }

    [Fact]
    public void Decayed_restamps_without_changing_what_is_felt()
    {
        var state = Repeat(Stimulus.ToolError, 5, T0);
        var later = T0.AddMinutes(7);

        var decayed = state.Decayed(later);

        Assert.Equal(later, decayed.Levels[Frustration].At);
        Assert.Equal(state.Level(Frustration, later.AddMinutes(9)), decayed.Level(Frustration, later.AddMinutes(9)), 9);
    }

    [Fact]
    public void A_fresh_error_is_still_felt_a_moment_later()
    {
        var state = Initial().Apply(Stimulus.ToolError, _clock.Now, _gains);

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(state.Level(Frustration, _clock.Now) < 10);
        Assert.Equal(10, state.Felt(Frustration, _clock.Now));
        Assert.Equal("Hmm, that didn't work.", InnerVoice.For(state, _clock.Now));
    }

    // ── inner voice ────────────────────────────────────────────────────────────

    [Theory]
    [InlineData(0, null)]
    [InlineData(9, null)]
    [InlineData(10, "Hmm, that didn't work")]
    [InlineData(29, "Hmm, that didn't work")]
    [InlineData(30, "I keep hitting walls. What am I missing?")]
    [InlineData(49, "I keep hitting walls. What am I missing?")]
    [InlineData(50, "I'm doing something fundamentally wrong")]
    [InlineData(69, "I'm doing something fundamentally wrong")]
    [InlineData(70, "I need help. This is beyond what I can figure out alone")]
    [InlineData(100, "I need help. This is beyond what I can figure out alone")]
    public void The_voice_follows_the_thresholds(double level, string? voice)
    {
        Assert.Equal(voice, InnerVoice.Lines(At(level), T0).SingleOrDefault());
    }

    [Fact]
    public void The_voice_never_carries_a_number()
    {
        for (var level = 0; level <= 100; level++)
        {
            var voice = InnerVoice.For(At(level), T0) ?? "";
            Assert.DoesNotContain(voice, char.IsDigit);
        }
    }

    // ── thinking budget ────────────────────────────────────────────────────────

    [Theory]
    [InlineData(0, 4096)]
    [InlineData(10, 4915)]
    [InlineData(20, 5734)]
    [InlineData(30, 6553)]
    [InlineData(50, 8192)]
    [InlineData(100, 12288)]
    public void The_budget_grows_with_frustration(double frustration, int budget)
    {
        Assert.Equal(budget, Budget(4096, frustration, maxTokens: 16000));
    }

    [Fact]
    public void The_budget_is_exact_where_floating_point_is_not()
    {
        // 1025 × 1.36 = 1394 exactly, but 1393.999… in binary floating point.
        Assert.Equal(1394, Budget(1025, 18, maxTokens: 16000));
    }

    [Fact]
    public void The_budget_stays_below_max_tokens()
    {
        Assert.Equal(7999, Budget(4096, 100, maxTokens: 8000));
    }

    [Fact]
    public void The_budget_is_at_least_the_api_minimum()
    {
        Assert.Equal(1024, Budget(500, 10, maxTokens: 16000));
    }

    [Fact]
    public void Thinking_stays_off_when_it_is_off_or_cannot_fit()
    {
        Assert.Null(Budget(0, 70, maxTokens: 16000));
        Assert.Null(Budget(4096, 70, maxTokens: 1024));
    }

    [Fact]
    public void The_budget_reads_the_felt_level_of_the_mind()
    {
        var state = Repeat(Stimulus.ToolError, 2, T0);

        Assert.Equal(5734, ThinkingBudget.For(4096, state, T0.AddSeconds(1), maxTokens: 16000));
        Assert.Equal(4915, ThinkingBudget.For(4096, state, T0 + HalfLife, maxTokens: 16000));
        Assert.Equal(4096, ThinkingBudget.For(4096, Initial(), T0, maxTokens: 16000));
    }

    // ── data, not code ─────────────────────────────────────────────────────────

    [Fact]
    public void A_second_hormone_is_only_configuration()
    {
        var config = Parse("""
            anima.mind.hormones.adrenaline {
              baseline = 5
              half-life = 30m
              stimuli { tool-error = 20, tool-success = -5 }
              voice = [
                { from = 20, text = "Something here feels urgent" }
                { from = 60, text = "Everything is pressing in on me" }
              ]
              channels.inner-voice.enabled = on
            }
            """);
        var gains = config.Gains();

        var adrenaline = config.Find("adrenaline")!;
        var state = MindState.Initial(config);
        var changes = state.React(Session, new ToolResponse("t", "boom", true, T0), gains);
        state = changes.Aggregate(state, (s, c) => s.Apply(c));

        Assert.Equal(["adrenaline", Frustration], config.Hormones.Select(h => h.Name));
        Assert.Equal((5d, TimeSpan.FromMinutes(30), false), (adrenaline.Baseline, adrenaline.HalfLife, adrenaline.DrivesThinkingBudget));
        Assert.Equal(20, gains.GainOf("adrenaline", Stimulus.ToolError));
        Assert.Equal(0, gains.GainOf("adrenaline", Stimulus.UserMessage));
        Assert.Equal([("adrenaline", 25d, 20d), (Frustration, 10d, 10d)], changes.Select(c => (c.Hormone, c.Level, c.Delta)));
        // The stronger feeling (further from rest on its own scale) speaks first.
        Assert.Equal("Something here feels urgent. Hmm, that didn't work.", InnerVoice.For(state, T0));
        Assert.Equal(15, state.Level("adrenaline", T0.AddMinutes(30)), 9);
        // Only frustration drives the budget.
        Assert.Equal(4915, ThinkingBudget.For(4096, state, T0, maxTokens: 16000));
    }

    [Fact]
    public void A_user_can_retune_or_silence_frustration()
    {
        var retuned = Parse("""
            anima.mind.hormones.frustration {
              stimuli.tool-error = 15
              channels.thinking-budget.divisor = 25
              channels.inner-voice.enabled = off
            }
            """);
        var off = Parse("anima.mind.hormones.frustration.enabled = off");

        var frustration = Assert.Single(retuned.Hormones);
        Assert.Equal(15, retuned.Gains().GainOf(Frustration, Stimulus.ToolError));
        Assert.Equal(-3, retuned.Gains().GainOf(Frustration, Stimulus.ToolSuccess));
        Assert.Equal(25d, frustration.ThinkingBudgetDivisor);
        Assert.False(frustration.DrivesInnerVoice);
        Assert.Null(InnerVoice.For(MindState.Initial(retuned).Apply(Stimulus.ToolError, T0, retuned.Gains()), T0));
        Assert.Empty(off.Hormones);
    }

    [Theory]
    [InlineData("anima.mind.hormones.frustration.half-life = 0s", "anima.mind.hormones.frustration.half-life")]
    [InlineData("anima.mind.hormones.frustration.half-life = soon", "anima.mind.hormones.frustration.half-life")]
    [InlineData("anima.mind.hormones.frustration.stimuli.tool-eror = 10", "anima.mind.hormones.frustration.stimuli.tool-eror")]
    [InlineData("anima.mind.hormones.frustration.stimuli.tool-error = lots", "anima.mind.hormones.frustration.stimuli.tool-error")]
    [InlineData("anima.mind.hormones.frustration.baseline = 150", "anima.mind.hormones.frustration.baseline")]
    [InlineData("anima.mind.hormones.frustration.max = -1", "anima.mind.hormones.frustration.max")]
    [InlineData("anima.mind.hormones.frustration.half-lfe = 5m", "anima.mind.hormones.frustration.half-lfe")]
    [InlineData("anima.mind.hormones.frustration.channels.mood-ring.enabled = on", "anima.mind.hormones.frustration.channels.mood-ring")]
    [InlineData("anima.mind.hormones.frustration.channels.thinking-budget.divisor = 0", "anima.mind.hormones.frustration.channels.thinking-budget.divisor")]
    [InlineData("anima.mind.hormones.frustration.voice = [ { from = 30, text = a }, { from = 10, text = b } ]", "anima.mind.hormones.frustration.voice[1].from")]
    [InlineData("anima.mind.hormones.frustration.voice = [ { from = 10, text = \"frustration is at 10\" } ]", "anima.mind.hormones.frustration.voice[0].text")]
    [InlineData("anima.mind.hormones.frustration.voice = [ { text = \"Hmm\" } ]", "anima.mind.hormones.frustration.voice[0].from")]
    [InlineData("anima.mind.hormones.frustration.voice = loud", "anima.mind.hormones.frustration.voice")]
    [InlineData("anima.mind.hormones.adrenaline { stimuli.user-message = 5 }", "anima.mind.hormones.adrenaline.half-life")]
    [InlineData("anima.mind.hormones.Dopamine { half-life = 5m }", "anima.mind.hormones.Dopamine")]
    [InlineData("anima.mind.hormones = 3", "anima.mind.hormones")]
    [InlineData("anima.mind.moods = 1", "anima.mind.moods")]
    [InlineData("anima.mind.hormones.serotonin.voice = [ { below = 30, text = a }, { below = 40, text = b } ]", "anima.mind.hormones.serotonin.voice[1].below")]
    [InlineData("anima.mind.hormones.cortisol.channels.tool-rounds.divisor = 0", "anima.mind.hormones.cortisol.channels.tool-rounds.divisor")]
    [InlineData("anima.mind.desires.list = [ { text = \"I want it\" } ]", "anima.mind.desires.list[0].when")]
    [InlineData("anima.mind.desires.list = [ { text = \"I want 3 things\", when { dopamine.at-least = 50 } } ]", "anima.mind.desires.list[0].text")]
    [InlineData("anima.mind.voice.blends = [ { text = \"Odd\", when { adrenaline.at-least = 1 } } ]", "anima.mind.voice.blends[0].when.adrenaline")]
    [InlineData("anima.mind.channels.thinking-budget.step = 0", "anima.mind.channels.thinking-budget.step")]
    [InlineData("anima.mind.appraisal.lexicon.tool-error = [ oops ]", "anima.mind.appraisal.lexicon.tool-error")]
    [InlineData("anima.mind.appraisal.repeated-failure = 1", "anima.mind.appraisal.repeated-failure")]
    [InlineData("anima.mind.appraisal.long-silence = never", "anima.mind.appraisal.long-silence")]
    [InlineData("anima.mind.recall.gain = 2", "anima.mind.recall.gain")]
    [InlineData("anima.mind.psyche.max-drift = 1.5", "anima.mind.psyche.max-drift")]
    [InlineData("anima.mind.psyche.episodes.x { first = praise, then = nope }", "anima.mind.psyche.episodes.x.then")]
    [InlineData("anima.mind.psyche.episodes.x { first = praise, then = praise, adjust { cortisol.praise = louder } }", "anima.mind.psyche.episodes.x.adjust.cortisol.praise")]
    [InlineData("anima.mind.psyche.episodes.x { first = praise, then = praise, adjust { cortsol.praise = weaker } }", "anima.mind.psyche.episodes.x.adjust.cortsol")]
    public void Invalid_config_names_its_key(string hocon, string key)
    {
        var ex = Assert.Throws<AnimaConfigException>(() => MindConfig.Parse(ConfigurationFactory.ParseString(hocon)));

        Assert.StartsWith(key + " ", ex.Message);
    }

    // ── helpers ────────────────────────────────────────────────────────────────

    private static MindConfig Parse(string hocon) =>
        MindConfig.Parse(ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.ParseString(FrustrationOnly)));

    /// <summary>The budget at a frustration level, on the worked example's divisor (50), unstepped.</summary>
    private static int? Budget(int baseBudget, double frustration, int maxTokens) =>
        ThinkingBudget.Stepped(baseBudget, (decimal)frustration / 50, step: 1, maxTokens);

    private MindState Initial() => MindState.Initial(_config);

    private MindState Repeat(string stimulus, int times, DateTimeOffset at) =>
        Enumerable.Range(0, times).Aggregate(Initial(), (state, _) => state.Apply(stimulus, at, _gains));

    private MindState At(double level) => Initial().Apply(new HormoneChanged(Session, Frustration, level, level, "test", T0));
}
