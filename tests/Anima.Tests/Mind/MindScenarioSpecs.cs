using System.Text.Json;
using System.Text.RegularExpressions;
using Anima.Actors.Mind;
using Anima.FakeAnthropic;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tests.Agent;
using Anima.Tests.Support;

namespace Anima.Tests.Mind;

/// <summary>
/// The scenario table: what happens between the user and the agent, and what the mind makes of it — hormone
/// trajectories, voices, desires, the requests the provider sees, and how Psyche grows. The whole brain's parts in one
/// actor system (session, loop, shell, Thymos, the appraisal, Psyche), the model and the appraisal's small model faked
/// at the wire. The mind's clock stands still unless a scenario moves it, so every level is exact.
/// </summary>
/// <remarks>
/// The appraisal runs beside the turn, so a call made while a stimulus is still being appraised may not feel it yet:
/// each checkpoint waits until the mind has felt what it names, then reads exact levels; a request is asserted exactly
/// where nothing is in flight (the next message's call feels its own message at once).
/// </remarks>
public sealed partial class MindScenarioSpecs : AgentFlowSpec
{
    private const string AppraisalModel = "claude-haiku-4-5";
    private const string AgentModel = "claude-sonnet-4-5";
    private readonly Dictionary<string, string[]> _appraisals = [];
    private int _toolIds;

    public MindScenarioSpecs()
        : base(
            NewFake(),
            """
            anima.agent.thinking-budget = 4096
            anima.mind.appraisal.model = "claude-haiku-4-5"
            """,
            new ManualClock(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero))) =>
        // The small model answers what each scenario says a message is; anything else appraises as nothing.
        Fake.AnswerModel(AppraisalModel, request =>
        {
            var text = MessageOf().Match(request.LastUserText ?? string.Empty).Groups[1].Value;
            var found = _appraisals.GetValueOrDefault(text, []);
            return FakeResponse.Text(JsonSerializer.Serialize(new { stimuli = found.Select(name => new { name, cause = $"the user said {text}" }) }));
        });

    private ManualClock Clock => (ManualClock)MindClock!;

    [Fact]
    public async Task Five_failures_then_success_then_praise()
    {
        AppraiseAs("find the config file", "novelty");
        AppraiseAs("great job, thank you!", "praise", "gratitude");
        Fake.Enqueue([.. Enumerable.Range(0, 5).Select(_ => Bash("false")), Bash("true"), FakeResponse.Text("Found it: /etc/app.conf.")]);
        var session = NewSession();

        Say(session, "find the config file");
        NextJournaled<AgentMessage>(m => m.Text == "Found it: /etc/app.conf.");

        // The calls of the turn: strain buys reasoning in whole steps, and the voice follows the errors.
        var calls = await Fake.WaitForRequestsAsync(7, TimeSpan.FromSeconds(10), AgentModel);
        var budgets = calls.Select(c => c.ThinkingBudget!.Value).ToList();
        Assert.Equal([4096, 5120, 6144], budgets[..3]);
        Assert.Equal(10240, budgets[5]);
        Assert.All(budgets, b => Assert.Equal(0, (b - 4096) % 1024));
        Assert.True(budgets.Zip(budgets.Skip(1)).All(p => p.Second >= p.First), string.Join(", ", budgets));
        Assert.Contains("How I feel: Hmm, that didn't work.", calls[1].InnerState);
        Assert.Contains("I'm doing something fundamentally wrong", calls[5].InnerState);
        Assert.All(calls, c => Assert.Equal(calls[0].System, c.System));

        var afterWork = ExpectMind(
            session,
            ["novelty", "repeated-failure", "task-completed"],
            new() { ["dopamine"] = 59, ["serotonin"] = 43, ["oxytocin"] = 33, ["testosterone"] = 44, ["cortisol"] = 43, ["endorphins"] = 30, ["frustration"] = 7 });
        Assert.Equal("Relieved, though still a little shaken.", afterWork.InnerVoice);
        Assert.Empty(afterWork.Desires!);
        var resilient = ExpectPsyche(version: 1);
        Assert.Equal(
            [("cortisol", "repeated-failure", 14.25), ("cortisol", "tool-error", 5.7), ("frustration", "tool-error", 9.5)],
            Drift(resilient));

        Fake.Enqueue(FakeResponse.Text("Glad it helped."));
        Say(session, "great job, thank you!");
        NextJournaled<AgentMessage>(m => m.Text == "Glad it helped.");
        var praised = ExpectMind(
            session,
            ["praise", "gratitude"],
            new() { ["dopamine"] = 79, ["serotonin"] = 54, ["oxytocin"] = 54, ["testosterone"] = 50, ["cortisol"] = 33, ["endorphins"] = 46, ["frustration"] = 0 });
        Assert.Equal("I'm curious where this leads. That felt good. I feel close to them.", praised.InnerVoice);
        Assert.Equal(["I want to explore where this could go next", "I'd like to hear how it went"], praised.Desires);
        var grown = ExpectPsyche(version: 3);
        Assert.Equal(
            [
                ("cortisol", "repeated-failure", 14.25), ("cortisol", "tool-error", 5.7), ("dopamine", "praise", 12.6),
                ("frustration", "tool-error", 9.5), ("oxytocin", "gratitude", 12.6), ("oxytocin", "user-message", 3.15),
                ("testosterone", "task-completed", 8.4),
            ],
            Drift(grown));

        // The next call carries it: the felt state after the tail's time, the budget back at its base.
        Fake.Enqueue(FakeResponse.Text("Shall we tidy the rest of the config?"));
        Say(session, "what's next?");
        NextJournaled<AgentMessage>(m => m.Text.StartsWith("Shall we", StringComparison.Ordinal));
        var next = (await Fake.WaitForRequestsAsync(9, TimeSpan.FromSeconds(10), AgentModel))[^1];
        Assert.Equal(
            "How I feel: I can't wait to dig into this. That felt good. I feel close to them.\n"
            + "What I want: I want to explore where this could go next. I'd like to hear how it went.",
            Felt(next));
        Assert.Equal(4096, next.ThinkingBudget);
    }

    [Fact]
    public async Task Criticism_twice()
    {
        AppraiseAs("that's wrong, the file is in /etc", "criticism");
        AppraiseAs("still wrong. you broke it", "criticism");
        Fake.Enqueue(FakeResponse.Text("Sorry, looking in /etc."), FakeResponse.Text("I'm sorry. What should I see there?"), FakeResponse.Text("Thanks, I'll use that."));
        var session = NewSession();

        Say(session, "that's wrong, the file is in /etc");
        NextJournaled<AgentMessage>(m => m.Text == "Sorry, looking in /etc.");
        var once = ExpectMind(
            session,
            ["criticism"],
            new() { ["dopamine"] = 34, ["serotonin"] = 42, ["oxytocin"] = 27, ["testosterone"] = 34, ["cortisol"] = 32, ["endorphins"] = 10, ["frustration"] = 0 });
        Assert.Null(once.InnerVoice);
        ExpectPsyche(version: 0);

        Say(session, "still wrong. you broke it");
        NextJournaled<AgentMessage>(m => m.Text.StartsWith("I'm sorry", StringComparison.Ordinal));
        var twice = ExpectMind(
            session,
            ["criticism", "criticism"],
            new() { ["dopamine"] = 28, ["serotonin"] = 34, ["oxytocin"] = 24, ["testosterone"] = 28, ["cortisol"] = 44, ["endorphins"] = 10, ["frustration"] = 0 });
        Assert.Equal("I feel a little low. I'm on edge.", twice.InnerVoice);
        Assert.Equal(["I want to understand what they actually need"], twice.Desires);
        Assert.Equal([("cortisol", "criticism", 12.6), ("serotonin", "criticism", -8.4)], Drift(ExpectPsyche(version: 1)));

        Say(session, "the file is /etc/app.conf");
        NextJournaled<AgentMessage>(m => m.Text == "Thanks, I'll use that.");
        var calls = await Fake.WaitForRequestsAsync(3, TimeSpan.FromSeconds(10), AgentModel);
        Assert.Equal("How I feel: I feel a little low. I'm on edge.\nWhat I want: I want to understand what they actually need.", Felt(calls[2]));
        // Stress short of a step leaves the budget, and with it the provider's cached messages, alone.
        Assert.Equal([4096, 4096, 4096], calls.Select(c => c.ThinkingBudget));
    }

    [Fact]
    public async Task Failing_again_and_again_the_agent_steps_back_and_asks_instead_of_pushing_on()
    {
        Fake.DefaultResponder = _ => Bash("false");
        var session = NewSession();

        Say(session, "fix the build");
        var stepped = NextJournaled<SystemMessage>(m => m.Text.StartsWith("Anima stepped back", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // Stress shortens the leash: a handful of calls, not the configured 25.
        var calls = Fake.RequestsFor(AgentModel);
        var made = int.Parse(CallsMade().Match(stepped.Text).Groups[1].Value);
        Assert.Equal(made, calls.Count);
        Assert.InRange(made, 6, 9);
        var last = Felt(calls[^1]);
        Assert.StartsWith("How I feel: ", last);
        Assert.Matches("I'm wound tight. I'd rather step back and check with them before I go further|I want to stop and ask them what they think", last);
        Assert.Contains("I need help. This is beyond what I can figure out alone", last);
        Assert.Contains("What I want: I want to stop here and tell them where I've got to. I want to stop and ask them before I try anything else.", last);
        Assert.DoesNotMatch(@"(?i)\b(must|whatever it takes|keep going|don't give up)\b|[0-9]", last);
        Assert.True(calls[^1].ThinkingBudget >= 11264, $"budget {calls[^1].ThinkingBudget}");
        Assert.Equal(0, ExpectPsyche(version: 0).Version);
    }

    [Fact]
    public async Task A_long_idle_brings_everything_back_to_rest_and_a_return_is_felt()
    {
        AppraiseAs("find the config file", "novelty");
        Fake.Enqueue(FakeResponse.Text("It is /etc/app.conf."), FakeResponse.Text("Welcome back!"), FakeResponse.Text("Well, thanks. And you?"));
        var session = NewSession();

        Say(session, "find the config file");
        NextJournaled<AgentMessage>(m => m.Text == "It is /etc/app.conf.");
        ExpectMind(
            session,
            ["novelty"],
            new() { ["dopamine"] = 52, ["serotonin"] = 50, ["oxytocin"] = 33, ["testosterone"] = 44, ["cortisol"] = 20, ["endorphins"] = 10, ["frustration"] = 0 });

        Clock.Advance(TimeSpan.FromHours(8));
        var rested = ExpectMind(
            session,
            [],
            new() { ["dopamine"] = 40, ["serotonin"] = 50, ["oxytocin"] = 30, ["testosterone"] = 40, ["cortisol"] = 20, ["endorphins"] = 10, ["frustration"] = 0 });
        Assert.Null(rested.InnerVoice);

        Say(session, "hi again");
        NextJournaled<AgentMessage>(m => m.Text == "Welcome back!");
        var returned = ExpectMind(
            session,
            ["long-silence"],
            new() { ["dopamine"] = 48, ["serotonin"] = 47, ["oxytocin"] = 48, ["testosterone"] = 40, ["cortisol"] = 20, ["endorphins"] = 10, ["frustration"] = 0 });
        Assert.Equal("I'm glad to hear from them.", returned.InnerVoice);
        Assert.Equal(["I'd like to hear how it went"], returned.Desires);
        Assert.Contains(returned.Recent, c => c.Cause == "long-silence" && c.Reason == "no word from them for 8 h (rule)");

        Say(session, "how are you?");
        NextJournaled<AgentMessage>(m => m.Text.StartsWith("Well, thanks", StringComparison.Ordinal));
        var next = (await Fake.WaitForRequestsAsync(3, TimeSpan.FromSeconds(10), AgentModel))[^1];
        Assert.Equal("How I feel: I feel close to them.\nWhat I want: I'd like to hear how it went.", Felt(next));
    }

    [Fact]
    public void The_appraisals_small_model_call_is_in_the_fakes_log_like_any_other_and_its_verdict_is_journaled_with_its_cause()
    {
        AppraiseAs("great job, thank you!", "praise", "gratitude");
        Fake.Enqueue(FakeResponse.Text("Glad to help."));
        var session = NewSession();

        Say(session, "great job, thank you!");
        NextJournaled<AgentMessage>();
        var report = ExpectMind(session, ["praise", "gratitude"], null);

        var appraisal = Assert.Single(Fake.RequestsFor(AppraisalModel));
        Assert.Equal(ModelAppraisal.Instructions, appraisal.System);
        Assert.Contains("<message>\ngreat job, thank you!\n</message>", appraisal.LastUserText);
        Assert.Null(appraisal.Body!["tools"]);
        Assert.Null(appraisal.Body["thinking"]);
        Assert.Contains(report.Recent, c => c.Cause == "praise" && c.Reason == "the user said great job, thank you! (model)");
    }

    private void AppraiseAs(string message, params string[] stimuli) => _appraisals[message] = stimuli;

    /// <summary>
    /// Waits until the mind has felt every stimulus in <paramref name="felt"/> (by cause, counted), then checks each level
    /// (rounded to a whole number, as felt).
    /// </summary>
    private MindReport ExpectMind(string session, string[] felt, Dictionary<string, double>? levels)
    {
        MindReport report = null!;
        AwaitAssert(
            () =>
            {
                Mind!.Tell(new GetMind(session), TestActor);
                report = ExpectMsg<MindReport>();
                foreach (var cause in felt.GroupBy(c => c))
                {
                    var stimuli = report.Recent.Where(c => c.Cause == cause.Key).Select(c => (c.SourceSeq, c.Reason)).Distinct().Count();
                    Assert.True(stimuli >= cause.Count(), $"{cause.Key} felt {stimuli} times");
                }

                foreach (var (hormone, level) in levels ?? [])
                {
                    Assert.Equal((hormone, level), (hormone, Math.Round(report.Hormones.Single(h => h.Hormone == hormone).Level)));
                }
            },
            TimeSpan.FromSeconds(10));
        return report;
    }

    private PsycheReport ExpectPsyche(int version)
    {
        PsycheReport report = null!;
        AwaitAssert(
            () =>
            {
                Psyche!.Tell(new GetPsyche(), TestActor);
                report = ExpectMsg<PsycheReport>();
                Assert.Equal(version, report.Version);
            },
            TimeSpan.FromSeconds(10));
        return report;
    }

    private static List<(string, string, double)> Drift(PsycheReport report) =>
        [.. report.Gains.Where(g => g.Current != g.Seed).Select(g => (g.Hormone, g.Stimulus, Math.Round(g.Current, 6)))];

    /// <summary>The tail's felt part: every line after the time.</summary>
    private static string Felt(RecordedRequest request)
    {
        var tail = request.InnerState ?? string.Empty;
        return string.Join('\n', tail.Split('\n').Where(line => line.StartsWith(FeltTail.Feeling, StringComparison.Ordinal) || line.StartsWith(FeltTail.Wanting, StringComparison.Ordinal)));
    }

    private FakeResponse Bash(string command) =>
        FakeResponse.ToolUse(($"toolu_{Interlocked.Increment(ref _toolIds)}", "bash", $$"""{"command":"{{command}}"}"""));

    [GeneratedRegex("<message>\n(.*)\n</message>", RegexOptions.Singleline)]
    private static partial Regex MessageOf();

    [GeneratedRegex(@"after (\d+) model calls")]
    private static partial Regex CallsMade();
}
