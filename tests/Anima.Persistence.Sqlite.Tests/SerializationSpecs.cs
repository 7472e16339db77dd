using Akka.Actor;
using Akka.Persistence;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>Payloads go through whichever serializer Akka binds to them, with the system's transport information.</summary>
public sealed class SerializationSpecs() : PluginSpec(
    """
    akka.actor {
      serializers.transport-checking = "Anima.Persistence.Sqlite.Tests.TransportCheckingSerializer, Anima.Persistence.Sqlite.Tests"
      serialization-bindings { "Anima.Persistence.Sqlite.Tests.ActorRefHolder, Anima.Persistence.Sqlite.Tests" = transport-checking }
    }
    """)
{
    [Fact]
    public void An_event_holding_an_actor_reference_is_written_with_the_systems_transport_and_replayed_as_the_same_reference()
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var probe = CreateTestProbe();
        var write = new AtomicWrite(new Persistent(new ActorRefHolder(probe.Ref), 1, "holder", writerGuid: "w"));

        journal.Tell(new WriteMessages([write], TestActor, 1), TestActor);
        ExpectMsg<WriteMessagesSuccessful>();
        ExpectMsg<WriteMessageSuccess>();
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, "holder", TestActor), TestActor);

        Assert.Equal(new ActorRefHolder(probe.Ref), ExpectMsg<ReplayedMessage>().Persistent.Payload);
        ExpectMsg<RecoverySuccess>();
        Assert.Equal(4711, CountRows("SELECT serializer_id FROM anima_events WHERE persistence_id = 'holder'"));
    }

    [Fact]
    public void A_snapshot_holding_an_actor_reference_is_saved_with_the_systems_transport_and_loaded_as_the_same_reference()
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        var probe = CreateTestProbe();
        var metadata = new SnapshotMetadata("holder", 3, DateTime.UtcNow);

        store.Tell(new SaveSnapshot(metadata, new ActorRefHolder(probe.Ref)), TestActor);
        ExpectMsg<SaveSnapshotSuccess>();
        store.Tell(new LoadSnapshot("holder", SnapshotSelectionCriteria.Latest, long.MaxValue), TestActor);

        Assert.Equal(new ActorRefHolder(probe.Ref), ExpectMsg<LoadSnapshotResult>().Snapshot!.Snapshot);
    }
}

/// <summary>The plugin's <c>serializer</c>: what payloads with no binding of their own are written with.</summary>
public sealed class DefaultSerializerSpecs() : PluginSpec(
    """akka.actor.serializers.transport-checking = "Anima.Persistence.Sqlite.Tests.TransportCheckingSerializer, Anima.Persistence.Sqlite.Tests" """,
    options: o => o.Serializer = "transport-checking")
{
    [Fact]
    public void A_payload_whose_type_has_no_binding_is_written_by_the_configured_serializer()
    {
        var recorder = Sys.ActorOf(Recorder.Props("defaults"));
        recorder.Tell(new Record(new ActorRefHolder(TestActor)), TestActor);
        ExpectMsg<long>();

        Assert.Equal(4711, CountRows("SELECT serializer_id FROM anima_events WHERE persistence_id = 'defaults'"));
    }
}
