using Anima.Actors.Mind;
using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Tests.Mind;

/// <summary>
/// The appraisal's pure parts: the rules that need no reading of words (a long silence, repeated failure, a task done),
/// the lexical fallback, and the model's request and answer.
/// </summary>
public sealed class AppraisalRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly AppraisalSettings Settings = MindConfig.Defaults.Appraisal;
    private long _seq;

    // ── rules ──────────────────────────────────────────────────────────────────

    [Fact]
    public void A_message_after_a_long_quiet_is_a_long_silence_and_one_after_a_short_one_is_not()
    {
        var state = Read(AppraisalState.Empty, new UserMessage("morning", T0), T0).State;

        var soon = Read(state, new UserMessage("still there?", T0), T0.AddHours(1));
        var later = Read(state, new UserMessage("hi again", T0), T0.AddHours(8));

        Assert.Empty(soon.ByRule);
        Assert.Equal([new Verdict(Stimulus.LongSilence, "no word from them for 8 h")], later.ByRule);
        Assert.Equal(["morning"], later.Message!.Previous);
    }

    [Fact]
    public void Three_tool_errors_in_a_row_are_one_repeated_failure_and_a_success_starts_the_count_again()
    {
        var stimuli = Run(
            Error(), Error(), Error(), Error(), Success(), Error(), Error(), Error());

        Assert.Equal(
            [(3, "3 tool calls failed in a row"), (8, "3 tool calls failed in a row")],
            stimuli.Where(s => s.Verdict.Stimulus == Stimulus.RepeatedFailure).Select(s => (s.Index, s.Verdict.Cause)));
    }

    [Fact]
    public void Calls_the_user_declined_are_not_failures_in_a_row()
    {
        var declined = new ToolResponse("t", "The user declined this tool call", IsError: true, T0, Declined: true);

        var stimuli = Run(Error(), declined, declined, Error(), declined);

        Assert.DoesNotContain(stimuli, s => s.Verdict.Stimulus == Stimulus.RepeatedFailure);
    }

    [Fact]
    public void A_turn_that_acted_and_ended_in_success_completed_a_task()
    {
        var done = Run(
            new UserMessage("find the config", T0),
            new ToolCall("t1", "bash", "{}", T0), Error(),
            new ToolCall("t2", "bash", "{}", T0), Success(),
            new AgentMessage("Found it.", T0, StopReason: "end_turn"));
        var failed = Run(
            new UserMessage("find the config", T0),
            new ToolCall("t1", "bash", "{}", T0), Error(),
            new AgentMessage("I could not.", T0, StopReason: "end_turn"));
        var talked = Run(new UserMessage("hello", T0), new AgentMessage("Hi!", T0, StopReason: "end_turn"));

        Assert.Equal(
            new Verdict(Stimulus.TaskCompleted, "finished the turn after 2 tool calls (1 failed)"),
            Assert.Single(done, s => s.Verdict.Stimulus == Stimulus.TaskCompleted).Verdict);
        Assert.DoesNotContain(failed, s => s.Verdict.Stimulus == Stimulus.TaskCompleted);
        Assert.DoesNotContain(talked, s => s.Verdict.Stimulus == Stimulus.TaskCompleted);
    }

    // ── the lexicon ────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("great job, thank you!", "gratitude,praise")]
    [InlineData("Well done — that’s exactly it", "praise")]
    [InlineData("that was not a good job", "")]
    [InlineData("this is wrong", "criticism")]
    [InlineData("it doesn't work", "criticism")]
    [InlineData("It works now, thanks", "gratitude,task-completed")]
    [InlineData("thx", "gratitude")]
    public void The_lexicon_finds_whole_phrases_and_a_negation_just_before_one_cancels_it(string text, string expected)
    {
        var verdicts = LexicalAppraisal.Of(new MessageToAppraise(1, text, ["the config file"], T0), Settings);

        Assert.Equal(expected, string.Join(',', verdicts.Select(v => v.Stimulus).Where(s => s != Stimulus.Novelty)));
        Assert.All(verdicts, v => Assert.Contains("“", v.Cause));
    }

    [Theory]
    [InlineData("find the config file", new string[0], true)]
    [InlineData("now look at the database schema", new[] { "find the config file", "is the config file in /etc?" }, true)]
    [InlineData("the config file again, please", new[] { "find the config file" }, false)]
    [InlineData("thanks!", new[] { "find the config file" }, false)]
    public void A_message_that_shares_too_few_words_with_the_last_few_opens_a_new_topic(string text, string[] previous, bool novel)
    {
        var verdicts = LexicalAppraisal.Of(new MessageToAppraise(1, text, previous, T0), Settings);

        Assert.Equal(novel, verdicts.Any(v => v.Stimulus == Stimulus.Novelty));
    }

    // ── the model ──────────────────────────────────────────────────────────────

    [Fact]
    public void The_model_gets_stable_instructions_the_last_few_messages_and_the_new_one_no_tools_no_thinking()
    {
        var request = ModelAppraisal.Request(new MessageToAppraise(7, "great job!", ["find the config file"], T0), Settings);

        Assert.Equal(("claude-haiku-4-5", 300, ModelAppraisal.Instructions), (request.Model, request.MaxTokens, request.System));
        Assert.Empty(request.Tools);
        Assert.Null(request.ThinkingBudget);
        var prompt = Assert.IsType<TextContent>(Assert.Single(Assert.Single(request.Messages).Content)).Text;
        Assert.Contains("- find the config file", prompt);
        Assert.EndsWith("<message>\ngreat job!\n</message>", prompt);
    }

    [Fact]
    public void The_models_answer_is_read_leniently_and_only_for_what_a_message_can_be()
    {
        var verdicts = ModelAppraisal.Parse("""
            Sure: {"stimuli": [{"name": "praise", "cause": "calls it a great job"}, {"name": "praise", "cause": "again"},
            {"name": "tool-error", "cause": "not for a message"}, {"name": "gratitude"}]}
            """);

        Assert.Equal([new Verdict(Stimulus.Praise, "calls it a great job"), new Verdict(Stimulus.Gratitude, "as the model read it")], verdicts);
        Assert.Empty(ModelAppraisal.Parse("""{"stimuli": []}""")!);
        Assert.Null(ModelAppraisal.Parse("I think it is praise."));
        Assert.Null(ModelAppraisal.Parse("""{"verdict": "praise"}"""));
        Assert.Null(ModelAppraisal.Parse("""{"stimuli": [ {"name": "praise" """));
    }

    private (AppraisalState State, IReadOnlyList<Verdict> ByRule, MessageToAppraise? Message) Read(AppraisalState state, ISessionEvent e, DateTimeOffset at) =>
        state.Observe(new Journaled("s1", ++_seq, e), Settings, at);

    private List<(int Index, Verdict Verdict)> Run(params ISessionEvent[] events)
    {
        var state = AppraisalState.Empty;
        var found = new List<(int, Verdict)>();
        for (var i = 0; i < events.Length; i++)
        {
            var (next, byRule, _) = Read(state, events[i], T0.AddSeconds(i));
            state = next;
            found.AddRange(byRule.Select(v => (i + 1, v)));
        }

        return found;
    }

    private static ToolResponse Error() => new("t", "exit code 1", IsError: true, T0);

    private static ToolResponse Success() => new("t", "ok", IsError: false, T0);
}
