using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Hosting;
using Anima.Actors.Agent;
using Anima.Actors.Mind;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Actors.Sessions;
using Anima.Actors.Tools;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Agent;

/// <summary>
/// An agent flow in one actor system: the real session, supervisor, loop, shell and provider, with the
/// Anthropic API faked at the wire and reached through the base-URL setting users have.
/// </summary>
public abstract class AgentFlowSpec : BrainSpec, IAsyncLifetime
{
    public const string ApiKey = "sk-ant-test-key";

    private readonly ProviderSource _providers;
    private readonly WebGet _web = new();
    private readonly string _workDir;

    /// <param name="withMemory">Start Mneme (its store in the spec's home, the real MiniLM model) and give the agent memory.</param>
    protected AgentFlowSpec(FakeAnthropicServer fake, string? extraConfig = null, IClock? mindClock = null, bool withMemory = false)
        : this(fake, new TempHome(), extraConfig, mindClock, withMemory)
    {
    }

    private AgentFlowSpec(FakeAnthropicServer fake, TempHome home, string? extraConfig, IClock? mindClock, bool withMemory)
        : base(home, ConfigFor(fake, extraConfig))
    {
        Fake = fake;
        _workDir = Directory.CreateDirectory(Path.Combine(home.Root, "work")).FullName;
        Credentials.Store(home.Home, ApiKey);
        var config = ConfigurationFactory.ParseString($"anima.tools.working-directory = \"{_workDir}\"").WithFallback(Sys.Settings.Config);
        Settings = AgentSettings.From(config);
        _providers = new ProviderSource(home.Home, Settings.BaseUrl, Settings.RequestTimeout);
        Services = new AgentServices(Settings, _providers, _web);
        if (mindClock is not null)
        {
            MindClock = mindClock;
            Mind = StartMind();
            Services = Services with { Mind = Mind };
        }

        if (withMemory)
        {
            var store = new Actors.Memory.MemoryStore(Path.Combine(home.Root, "db", "anima.mneme.db"), Memory.SharedEncoder.Instance);
            var settings = Actors.Memory.MnemeSettings.From(Sys.Settings.Config);
            MemoryStore = store;
            Mneme = StartMneme(store, "mneme", withMind: true);
            Services = Services.WithMemory(new Actors.Memory.MemoryService(store, settings, Mneme));
            var mediator = DistributedPubSub.Get(Sys).Mediator;
            AwaitAssert(
                () => Assert.True(mediator.Ask<int>(new Akka.Cluster.Tools.PublishSubscribe.Internal.CountSubscribers(Topics.AllSessions)).Result >= (Mind is null ? 1 : 3)),
                TimeSpan.FromSeconds(5));
        }

        Sessions = Sys.ActorOf(SessionRegistry.Props(new SessionSettings(100, TimeSpan.FromMinutes(5)), Services), "sessions");
        ActorRegistry.For(Sys).Register<SessionRegistryKey>(Sessions);
        Bus = CreateTestProbe();
    }

    protected FakeAnthropicServer Fake { get; }

    protected AgentSettings Settings { get; }

    protected AgentServices Services { get; }

    protected IActorRef Sessions { get; }

    /// <summary>Thymos, when the spec runs with a mind.</summary>
    protected IActorRef? Mind { get; private set; }

    /// <summary>Psyche and the appraisal, started with the mind (and kept when Thymos alone is restarted).</summary>
    protected IActorRef? Psyche { get; private set; }

    protected IActorRef? Appraisal { get; private set; }

    protected IClock? MindClock { get; }

    /// <summary>Mneme and its store, when the spec runs with memory.</summary>
    protected IActorRef? Mneme { get; }

    protected Actors.Memory.MemoryStore? MemoryStore { get; }

    /// <summary>The model's bash calls that each fail (<c>ls /nonexistent-N</c>): what frustrates the mind.</summary>
    protected static FakeResponse[] FailedLookups(int count) =>
        [.. Enumerable.Range(1, count).Select(i => FakeResponse.ToolUse(($"toolu_{i}", "bash", $$"""{"command":"ls /nonexistent-{{i}}"}""")))];

    /// <summary>A Mneme on <paramref name="store"/> as the brain makes one (this spec's provider, settings and retries).</summary>
    /// <param name="withMind">Give it this spec's mind, if any, to ask how the agent feels.</param>
    protected IActorRef StartMneme(Actors.Memory.MemoryStore store, string name, bool withMind = false)
    {
        var backoff = new Anima.Client.BackoffPolicy(Settings.RetryMinBackoff, Settings.RetryMaxBackoff, Settings.RetryAttempts);
        var mind = withMind && Mind is not null ? new Actors.Runtime.KnownActor<ThymosKey>(Mind) : null;
        return Sys.ActorOf(Actors.Memory.MnemeActor.Props(store, _providers, Actors.Memory.MnemeSettings.From(Sys.Settings.Config), backoff, mind), name);
    }

    /// <summary>Stops the spec's Mneme and waits until it has: as a brain going down, or a file about to be lost.</summary>
    protected void StopMneme()
    {
        var watcher = CreateTestProbe();
        watcher.Watch(Mneme!);
        Sys.Stop(Mneme);
        watcher.ExpectTerminated(Mneme!, TimeSpan.FromSeconds(10));
    }

    /// <summary>Everything the session publishes: journaled and transient events, in order.</summary>
    protected Akka.TestKit.TestProbe Bus { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Fake.DisposeAsync();
        _providers.Dispose();
        _web.Dispose();
        MemoryStore?.Dispose();
    }

    /// <summary>
    /// Starts the mind as the brain does (Psyche, Thymos, the appraisal: each its own subscriber on the bus) and waits
    /// until they listen, so they feel every event from now on. Called again, it restarts Thymos alone.
    /// </summary>
    protected IActorRef StartMind()
    {
        var config = MindConfig.Parse(Sys.Settings.Config);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        if (Psyche is null)
        {
            Psyche = Sys.ActorOf(Actors.Mind.Psyche.Props(config), "psyche-" + suffix);
            var backoff = new Anima.Client.BackoffPolicy(Settings.RetryMinBackoff, Settings.RetryMaxBackoff, config.Appraisal.Attempts);
            Appraisal = Sys.ActorOf(Actors.Mind.Appraisal.Props(config.Appraisal, _providers, backoff, MindClock!), "appraisal-" + suffix);
        }

        var mind = Sys.ActorOf(Thymos.Props(config, MindClock!, new RequiredActor<SessionRegistryKey>(ActorRegistry.For(Sys)), Psyche), "thymos-" + suffix);
        var mediator = DistributedPubSub.Get(Sys).Mediator;
        int Subscribers(string topic) => mediator.Ask<int>(new Akka.Cluster.Tools.PublishSubscribe.Internal.CountSubscribers(topic)).Result;
        AwaitAssert(
            () => Assert.True(Subscribers(Topics.AllSessions) >= 2 && Subscribers(MindTopics.Stimuli) >= 2 && Subscribers(MindTopics.Psyche) >= 1),
            TimeSpan.FromSeconds(5));
        return mind;
    }

    protected static FakeAnthropicServer NewFake() =>
        FakeAnthropicServer.StartAsync().GetAwaiter().GetResult();

    /// <summary>Creates a session and follows it with <see cref="Bus"/>.</summary>
    protected string NewSession()
    {
        var id = SessionRegistry.NewId();
        Sessions.Tell(new StartSession(id, null), TestActor);
        ExpectMsg<SessionCreated>();
        Sessions.Tell(new FollowSession(id), Bus.Ref);
        Assert.Contains(Bus.FishForMessage<SessionTail>(_ => true).Events, j => j.Event is SessionStarted); // after what earlier sessions published
        return id;
    }

    protected long Say(string sessionId, string text)
    {
        Sessions.Tell(new AppendUserMessage(sessionId, text, Guid.NewGuid().ToString("N")), TestActor);
        var seq = ExpectMsg<UserMessageAccepted>().Seq;
        Bus.FishForMessage<Journaled>(j => j.Seq == seq);
        return seq;
    }

    /// <summary>The next published message of type <typeparamref name="T"/> that matches, skipping others.</summary>
    protected T Next<T>(Func<T, bool>? matches = null, TimeSpan? within = null) =>
        Bus.FishForMessage<T>(m => matches?.Invoke(m) ?? true, within ?? TimeSpan.FromSeconds(15));

    protected TEvent NextJournaled<TEvent>(Func<TEvent, bool>? matches = null, TimeSpan? within = null)
        where TEvent : ISessionEvent =>
        (TEvent)Next<Journaled>(j => j.Event is TEvent e && (matches?.Invoke(e) ?? true), within).Event;

    protected IReadOnlyList<Journaled> History(string sessionId)
    {
        Sessions.Tell(new GetTail(sessionId), TestActor);
        return ExpectMsg<SessionTail>().Events;
    }

    private static string ConfigFor(FakeAnthropicServer fake, string? extra) => $$"""
        anima.agent {
          anthropic-base-url = "{{fake.BaseUrl}}"
          retry-min-backoff = 50ms
          retry-max-backoff = 400ms
          thinking-budget = 0
        }
        # a spec that wants the appraisal's model calls turns them on (and answers them with Fake.AnswerModel)
        anima.mind.appraisal.model = off
        # tools run without asking, but in the permission specs, which set their own mode
        anima.tools.permissions.mode = trust
        {{extra}}
        """;
}
