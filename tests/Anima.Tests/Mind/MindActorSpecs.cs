using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Anima.Actors.Mind;
using Anima.Actors.Protocol;
using Anima.Client;
using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tests.Agent;
using Anima.Tests.Support;

namespace Anima.Tests.Mind;

/// <summary>
/// The mind's subscribers as actors on the real bus and journal: Psyche's journal and rollback, Thymos reacting with the
/// matrix it hears and to a recalled memory, and the appraisal's model call — its fallback, its place beside the turn,
/// and that a replay never asks the model again.
/// </summary>
public sealed class MindActorSpecs : AgentFlowSpec
{
    private const string AppraisalModel = "claude-haiku-4-5";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    public MindActorSpecs()
        : base(
            NewFake(),
            """
            anima.mind.appraisal { model = "claude-haiku-4-5", timeout = 5s, attempts = 3 }
            """,
            new ManualClock(T0))
    {
    }

    private IActorRef Mediator => DistributedPubSub.Get(Sys).Mediator;

    [Fact]
    public void Psyche_replayed_from_its_journal_has_the_same_matrix_exactly()
    {
        Fake.AnswerModel(AppraisalModel, _ => FakeResponse.Text("""{"stimuli": []}"""));
        var stimuli = new[] { Stimulus.RepeatedFailure, Stimulus.TaskCompleted, Stimulus.Praise, Stimulus.Gratitude, Stimulus.Criticism, Stimulus.Criticism, Stimulus.RepeatedFailure, Stimulus.Criticism, Stimulus.RepeatedFailure, Stimulus.TaskCompleted };
        for (var i = 0; i < stimuli.Length; i++)
        {
            Mediator.Tell(new Publish(MindTopics.Stimuli, new StimulusAppraised("s1", stimuli[i], $"step {i}", "rule", i + 1, T0.AddMinutes(i))));
        }

        var lived = AwaitPsyche(r => r.Version == 8);

        Stop(Psyche!);
        var replayed = Sys.ActorOf(Actors.Mind.Psyche.Props(MindConfig.Parse(Sys.Settings.Config)), "psyche-replayed");
        replayed.Tell(new GetPsyche(), TestActor);
        var again = ExpectMsg<PsycheReport>();
        replayed.Tell(new GetPsycheHistory(), TestActor);
        var history = ExpectMsg<PsycheHistory>();

        Assert.Equal(lived.Version, again.Version);
        Assert.Equal(lived.Gains, again.Gains);
        Assert.Equal(
            [
                "episode resilience", "episode boldness-rewarded", "episode warmth", "episode struggle-criticised",
                "episode criticised-again", "episode criticised-again", "episode struggle-criticised", "episode resilience",
            ],
            history.Versions.Select(v => v.Kind));
        Assert.All(history.Versions, v => Assert.NotEmpty(v.Changes));
    }

    [Fact]
    public void A_rollback_is_a_journaled_version_published_on_the_bus_and_survives_a_restart()
    {
        var matrices = CreateTestProbe();
        Mediator.Tell(new Subscribe(MindTopics.Psyche, matrices.Ref), matrices.Ref);
        matrices.ExpectMsg<SubscribeAck>();
        Mediator.Tell(new Publish(MindTopics.Stimuli, new StimulusAppraised("s1", Stimulus.RepeatedFailure, "three failed", "rule", 1, T0)));
        Mediator.Tell(new Publish(MindTopics.Stimuli, new StimulusAppraised("s1", Stimulus.TaskCompleted, "found it", "rule", 2, T0.AddMinutes(1))));
        Assert.Equal(9.5, Gain(matrices.FishForMessage<PsycheMatrix>(m => m.Version == 1), "frustration", "tool-error"));

        Psyche!.Tell(new RollbackPsyche(0), TestActor);
        var rolledBack = ExpectMsg<PsycheReport>();
        var published = matrices.FishForMessage<PsycheMatrix>(m => m.Version == 2);
        Psyche.Tell(new RollbackPsyche(7), TestActor);
        var refused = ExpectMsg<RequestFailed>();

        Assert.Equal(2, rolledBack.Version);
        Assert.All(rolledBack.Gains, g => Assert.Equal(g.Seed, g.Current));
        Assert.Equal(10, Gain(published, "frustration", "tool-error"));
        Assert.Contains("There is no version 7", refused.Reason);

        Stop(Psyche);
        var restarted = Sys.ActorOf(Actors.Mind.Psyche.Props(MindConfig.Parse(Sys.Settings.Config)), "psyche-restarted");
        restarted.Tell(new GetPsycheHistory(), TestActor);
        Assert.Equal(["episode resilience", "rollback"], ExpectMsg<PsycheHistory>().Versions.Select(v => v.Kind));
        restarted.Tell(new GetPsyche(), TestActor);
        Assert.Equal(rolledBack.Gains, ExpectMsg<PsycheReport>().Gains);
    }

    [Fact]
    public void Thymos_reacts_with_the_matrix_it_hears_from_Psyche()
    {
        var seed = PsycheState.Initial(MindConfig.Parse(Sys.Settings.Config)).Entries();
        var calmer = seed.Select(e => e is { Hormone: "cortisol", Stimulus: "criticism" } ? e with { Current = 3 } : e).ToList();

        Mind!.Tell(new PsycheMatrix(5, calmer));
        Mind.Tell(new StimulusAppraised("s1", Stimulus.Criticism, "that's wrong", "model", 1, T0));
        Mind.Tell(new PsycheMatrix(4, seed)); // older: ignored
        Mind.Tell(new StimulusAppraised("s1", Stimulus.Criticism, "still wrong", "model", 2, T0));

        Assert.Equal(26, Level("s1", "cortisol"));
    }

    [Fact]
    public void A_recalled_memory_lets_its_feeling_touch_the_present_a_little()
    {
        // As memory (Mneme) will: published on the mind's stimuli topic with the levels the memory was made with.
        Mediator.Tell(new Publish(MindTopics.Stimuli, new FeelingRecalled("s1", "m-42", new Dictionary<string, double> { ["cortisol"] = 80, ["oxytocin"] = 70 }, T0)));

        AwaitAssert(() => Assert.Equal(29, Level("s1", "cortisol")), TimeSpan.FromSeconds(5));
        Mind!.Tell(new GetMind("s1"), TestActor);
        var report = ExpectMsg<MindReport>();
        Assert.Equal(36, Math.Round(report.Hormones.Single(h => h.Hormone == "oxytocin").Level));
        Assert.All(report.Recent, c => Assert.Equal((Stimulus.RecalledFeeling, "memory m-42 came back"), (c.Cause, c.Reason)));
        // Psyche does not learn from memories.
        Psyche!.Tell(new GetPsyche(), TestActor);
        Assert.Equal(0, ExpectMsg<PsycheReport>().Version);
    }

    [Fact]
    public void When_the_small_model_is_down_the_lexicon_appraises_after_the_agents_own_retry_rules()
    {
        Fake.AnswerModel(AppraisalModel, _ => FakeResponse.Error(529, "overloaded_error", "Overloaded"));
        Fake.Enqueue(FakeResponse.Text("Glad it helped."));
        var session = NewSession();

        Say(session, "great job, thank you!");
        NextJournaled<AgentMessage>(m => m.Text == "Glad it helped.");

        var report = AwaitMind(session, r => r.Recent.Any(c => c.Cause == Stimulus.Gratitude));
        Assert.Contains(report.Recent, c => c.Cause == Stimulus.Praise && c.Reason == "they wrote “great job, thank you!” (lexical)");
        Assert.Equal(3, Fake.RequestsFor(AppraisalModel).Count);
    }

    [Fact]
    public void Refused_credentials_are_not_retried_and_the_lexicon_answers()
    {
        Fake.AnswerModel(AppraisalModel, _ => FakeResponse.Error(401, "authentication_error", "invalid x-api-key"));
        var session = NewSession();

        Say(session, "thanks a lot");

        AwaitMind(session, r => r.Recent.Any(c => c.Cause == Stimulus.Gratitude && c.Reason!.EndsWith("(lexical)", StringComparison.Ordinal)));
        Assert.Single(Fake.RequestsFor(AppraisalModel));
    }

    [Fact]
    public void The_appraisal_runs_beside_the_turn_never_in_its_way()
    {
        Fake.AnswerModel(AppraisalModel, _ => FakeResponse.Hang());
        Fake.Enqueue(FakeResponse.Text("Here you are."));
        var session = NewSession();

        Say(session, "well done, thanks");

        // The agent answers while the small model still says nothing; its deadline passes, and the lexicon answers.
        NextJournaled<AgentMessage>(m => m.Text == "Here you are.", TimeSpan.FromSeconds(3));
        Mind!.Tell(new GetMind(session), TestActor);
        Assert.DoesNotContain(ExpectMsg<MindReport>().Recent, c => c.Cause == Stimulus.Praise);
        AwaitMind(session, r => r.Recent.Any(c => c.Cause == Stimulus.Praise && c.Reason!.EndsWith("(lexical)", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_replayed_event_never_calls_the_model_again()
    {
        Fake.AnswerModel(AppraisalModel, _ => FakeResponse.Text("""{"stimuli": [{"name": "praise", "cause": "calls it great"}]}"""));
        Fake.Enqueue(FakeResponse.Text("Thanks!"));
        var session = NewSession();
        var seq = Say(session, "great job");
        NextJournaled<AgentMessage>();
        var praised = AwaitMind(session, r => r.Recent.Any(c => c.Cause == Stimulus.Praise)).Recent.Count(c => c.Cause == Stimulus.Praise);
        var message = History(session).Single(j => j.Seq == seq);

        // A new appraisal (a restarted brain's) hears the same event again.
        Stop(Appraisal!);
        var config = MindConfig.Parse(Sys.Settings.Config);
        var again = Sys.ActorOf(Actors.Mind.Appraisal.Props(config.Appraisal, null, new Anima.Client.BackoffPolicy(TimeSpan.Zero, TimeSpan.Zero, 1), MindClock!), "appraisal-again");
        again.Tell(message);
        Mediator.Tell(new Publish(Anima.Actors.Protocol.Topics.AllSessions, message));

        // Nothing new is appraised: the stimuli it journaled say how far it has read.
        var before = Fake.RequestsFor(AppraisalModel).Count;
        again.Tell(new Journaled(session, seq + 100, new UserMessage("thanks", DateTimeOffset.UtcNow)));
        AwaitMind(session, r => r.Recent.Any(c => c.Cause == Stimulus.Gratitude));
        Mind!.Tell(new GetMind(session), TestActor);
        Assert.Equal(praised, ExpectMsg<MindReport>().Recent.Count(c => c.Cause == Stimulus.Praise));
        Assert.Equal(1, before);
        Assert.Single(Fake.RequestsFor(AppraisalModel));
    }

    private PsycheReport AwaitPsyche(Func<PsycheReport, bool> holds)
    {
        PsycheReport report = null!;
        AwaitAssert(
            () =>
            {
                Psyche!.Tell(new GetPsyche(), TestActor);
                report = ExpectMsg<PsycheReport>();
                Assert.True(holds(report), $"version {report.Version}");
            },
            TimeSpan.FromSeconds(10));
        return report;
    }

    private MindReport AwaitMind(string session, Func<MindReport, bool> holds)
    {
        MindReport report = null!;
        AwaitAssert(
            () =>
            {
                Mind!.Tell(new GetMind(session), TestActor);
                report = ExpectMsg<MindReport>();
                Assert.True(holds(report), string.Join("; ", report.Recent.Select(c => $"{c.Cause}: {c.Reason}")));
            },
            TimeSpan.FromSeconds(10));
        return report;
    }

    private double Level(string session, string hormone)
    {
        Mind!.Tell(new GetMind(session), TestActor);
        return Math.Round(ExpectMsg<MindReport>().Hormones.Single(h => h.Hormone == hormone).Level);
    }

    private static double Gain(PsycheMatrix matrix, string hormone, string stimulus) =>
        matrix.Gains.Single(g => g.Hormone == hormone && g.Stimulus == stimulus).Current;
}
