using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.TestKit;

namespace Anima.Persistence.Sqlite.Tests.Query;

/// <summary>A stream's events as they are when the query starts, each with its tags; then the query completes.</summary>
public sealed class CurrentEventsByPersistenceIdSpecs() : PluginSpec
{
    [Fact]
    public void The_query_completes_right_after_its_last_event_without_waiting_for_more_demand()
    {
        RecordOneByOne(Sys.ActorOf(Recorder.Props("short")), 3);

        var probe = ReadJournal.CurrentEventsByPersistenceId("short", 0, long.MaxValue).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());

        probe.Request(3);
        Assert.Equal([1L, 2L, 3L], probe.ExpectNextN(3).Select(e => e.SequenceNr));
        probe.ExpectComplete();
    }

    [Fact]
    public void A_stream_with_no_events_completes_at_once()
    {
        var probe = ReadJournal.CurrentEventsByPersistenceId("nobody", 0, long.MaxValue).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());

        probe.Request(1).ExpectComplete();
    }

    [Fact]
    public void Events_written_after_the_query_started_are_left_to_a_later_query()
    {
        var recorder = Sys.ActorOf(Recorder.Props("growing"));
        RecordOneByOne(recorder, 2);
        var probe = ReadJournal.CurrentEventsByPersistenceId("growing", 0, long.MaxValue).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());
        Assert.Equal(1L, probe.Request(1).ExpectNext().SequenceNr);

        recorder.Tell(new Record("event 3"), TestActor);
        ExpectMsg<long>();

        Assert.Equal(2L, probe.Request(5).ExpectNext().SequenceNr);
        probe.ExpectComplete();
    }

    [Fact]
    public async Task Each_envelope_carries_its_events_tags_and_its_global_ordering()
    {
        var recorder = Sys.ActorOf(Recorder.Props("tagged"));
        recorder.Tell(new Record(new Tagged("both", ["red", "round"])), TestActor);
        ExpectMsg<long>();
        recorder.Tell(new Record("none"), TestActor);
        ExpectMsg<long>();

        var events = await All(ReadJournal.CurrentEventsByPersistenceId("tagged", 0, long.MaxValue));

        Assert.Equal(["red", "round"], events[0].Tags.Order());
        Assert.Empty(events[1].Tags);
        Assert.True(((Sequence)events[0].Offset).Value < ((Sequence)events[1].Offset).Value);
    }
}
