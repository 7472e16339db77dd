using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Hosting;
using Anima.Actors.Configuration;
using Anima.Actors.Protocol;
using Anima.Client.Configuration;
using Anima.Actors.Gateway;
using Anima.Actors.Mind;
using Anima.Actors.Sessions;
using Anima.Actors.Trust;
using Anima.FakeAnthropic;
using Anima.Host.Brain;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Serialization;
using Anima.Messages.Sessions;
using Microsoft.Data.Sqlite;

namespace Anima.Host.Tests;

/// <summary>
/// The brain composed by the host's own composition (<see cref="BrainComposition.AddAnimaBrain"/> on
/// <see cref="BrainParts.Prepare"/>), in an Akka.Hosting TestKit: its real journal file, remoting over mutual TLS on a
/// free port, the bus, the mind, and the model behind the fake provider at the wire.
/// </summary>
public sealed class BrainCompositionSpecs : Akka.Hosting.TestKit.TestKit
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "anima-host-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly FakeAnthropicServer _fake;
    private readonly BrainSettings _settings;
    private readonly BrainParts _parts;

    public BrainCompositionSpecs()
        : base(Anima.Client.BrainAddress.SystemName)
    {
        _fake = FakeAnthropicServer.StartAsync().GetAwaiter().GetResult();

        // The mind's appraisal calls its own small model: answered aside, with nothing found.
        _fake.AnswerModel(MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
        var home = new AnimaHome(_root);
        home.EnsureCreated();
        Credentials.Store(home, "sk-ant-test");
        _settings = AnimaConfig.ForBrain(home, "production", port: 0, ConfigurationFactory.ParseString($"""
            anima.agent.anthropic-base-url = "{_fake.BaseUrl}"
            anima.agent.thinking-budget = 0
            """));
        _parts = BrainParts.Prepare(_settings);
    }

    [Fact]
    public void Every_actor_of_the_brain_is_in_the_registry()
    {
        var registry = ActorRegistry.For(Sys);

        foreach (var key in new[]
                 {
                     typeof(SessionRegistryKey), typeof(SessionIndexKey), typeof(GatewayKey), typeof(DatabaseWatchKey),
                     typeof(ThymosKey), typeof(PsycheKey), typeof(AppraisalKey), typeof(DistributedPubSub),
                 })
        {
            Assert.True(registry.TryGet(key, out var actor) && !actor.IsNobody(), $"{key.Name} is not registered");
        }
    }

    [Fact]
    public void The_wire_speaks_tls_and_anima_alone()
    {
        var serialization = Sys.Serialization;
        var provider = (ExtendedActorSystem)Sys;

        Assert.Equal("akka.ssl.tcp", provider.Provider.DefaultAddress.Protocol);
        Assert.IsType<AnimaSerializer>(serialization.FindSerializerFor(new SessionCreated("s")));

        // Akka's general-purpose JSON (Newtonsoft) reads any type a payload names: in the brain it reads nothing.
        Assert.IsType<RefusingSerializer>(serialization.FindSerializerForType(typeof(Uri)));
        Assert.IsType<ScreenedSystemMessages>(serialization.FindSerializerForType(typeof(Akka.Dispatch.SysMsg.Watch)));
        Assert.Equal(string.Empty, Sys.Settings.Config.GetString("akka.cluster.downing-provider-class"));
    }

    [Fact]
    public async Task A_session_journals_a_user_message_publishes_it_and_the_agent_and_the_mind_answer()
    {
        var registry = ActorRegistry.For(Sys);
        var sessions = await registry.GetAsync<SessionRegistryKey>();
        var bus = CreateTestProbe();
        (await registry.GetAsync<DistributedPubSub>()).Tell(new Subscribe(Topics.AllSessions, bus.Ref), bus.Ref);
        bus.ExpectMsg<SubscribeAck>();
        var id = SessionRegistry.NewId();

        sessions.Tell(new StartSession(id, "composed"), TestActor);
        ExpectMsg<SessionCreated>();
        sessions.Tell(new AppendUserMessage(id, "hello, brain", "c-1"), TestActor);
        var accepted = ExpectMsg<UserMessageAccepted>();

        var said = bus.FishForMessage<Journaled>(j => j.SessionId == id && j.Event is UserMessage, TimeSpan.FromSeconds(15));
        Assert.Equal(accepted.Seq, said.Seq);
        var answer = bus.FishForMessage<Journaled>(j => j.SessionId == id && j.Event is AgentMessage, TimeSpan.FromSeconds(30));
        Assert.Equal("Echo: hello, brain", ((AgentMessage)answer.Event).Text);
        Assert.Equal(AnimaSerializer.SerializerId, SerializerOfFirstEvent("session-" + id));

        // The mind felt the session: it answers a client's read through Thymos, found in the registry.
        (await registry.GetAsync<ThymosKey>()).Tell(new GetMind(id), TestActor);
        var mind = ExpectMsg<MindReport>(TimeSpan.FromSeconds(10));
        Assert.Equal(id, mind.SessionId);
        Assert.NotEmpty(mind.Hormones);
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAnimaBrain(_settings, _parts);

    protected override async Task BeforeTestStart()
    {
        await base.BeforeTestStart();

        // As the host waits before it announces the brain: the bus of a cluster of one serves once the node is up.
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(Sys).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        await _fake.DisposeAsync();
        _parts.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // tmp is cleaned anyway
        }
    }

    private long SerializerOfFirstEvent(string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={_settings.DatabaseFile};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT serializer_id FROM anima_events WHERE persistence_id = $id ORDER BY sequence_nr LIMIT 1";
        command.Parameters.AddWithValue("$id", persistenceId);
        return command.ExecuteScalar() is long value ? value : -1;
    }
}
