using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Hosting;
using Anima.Actors.Configuration;
using Anima.Actors.Protocol;
using Anima.Client.Configuration;
using Anima.Actors.Gateway;
using Anima.Actors.Memory;
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

/// <summary>The brain composed by the host's own composition (<see cref="BrainComposition.AddAnimaBrain"/>).</summary>
public sealed class BrainCompositionSpecs : ComposedBrain
{
    [Fact]
    public void Every_actor_of_the_brain_is_in_the_registry()
    {
        var registry = ActorRegistry.For(Sys);

        foreach (var key in new[]
                 {
                     typeof(SessionRegistryKey), typeof(SessionIndexKey), typeof(GatewayKey), typeof(DatabaseWatchKey),
                     typeof(ThymosKey), typeof(PsycheKey), typeof(AppraisalKey), typeof(MnemeKey), typeof(McpKey), typeof(DistributedPubSub),
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
        builder.AddAnimaBrain(Settings, Parts);

    private long SerializerOfFirstEvent(string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={Settings.DatabaseFile};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT serializer_id FROM anima_events WHERE persistence_id = $id ORDER BY sequence_nr LIMIT 1";
        command.Parameters.AddWithValue("$id", persistenceId);
        return command.ExecuteScalar() is long value ? value : -1;
    }
}
