using Akka.Actor;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.TestKit;

namespace Anima.Persistence.Sqlite.Tests.Query;

/// <summary>
/// Events in write order after an offset: those of a tag, or all. Live queries are woken by the writer (the
/// refresh interval here is an hour) and look again after that interval for writes it cannot tell them of.
/// </summary>
public sealed class EventsByTagSpecs() : PluginSpec(options: o => o.QueryRefreshInterval = TimeSpan.FromHours(1))
{
    [Fact]
    public void A_live_tag_query_is_woken_by_the_writers_commit_and_its_envelopes_carry_every_tag()
    {
        var recorder = Sys.ActorOf(Recorder.Props("tagger"));
        recorder.Tell(new Record(new Tagged("first", ["t"])), TestActor);
        ExpectMsg<long>();
        var probe = ReadJournal.EventsByTag("t", Offset.NoOffset()).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());
        Assert.Equal("first", probe.Request(10).ExpectNext().Event);

        recorder.Tell(new Record("untagged"), TestActor);
        ExpectMsg<long>();
        recorder.Tell(new Record(new Tagged("second", ["t", "u"])), TestActor);
        ExpectMsg<long>();

        var second = probe.ExpectNext(TimeSpan.FromSeconds(10));
        Assert.Equal(("second", 3L), ((string)second.Event, second.SequenceNr));
        Assert.Equal(["t", "u"], second.Tags.Order());
        probe.Cancel();
    }

    [Fact]
    public async Task A_current_tag_query_reads_after_its_offset_or_the_last_n_events_from_the_end()
    {
        var recorder = Sys.ActorOf(Recorder.Props("counted"));
        RecordOneByOne(recorder, 5, n => new Tagged($"event {n}", ["n"]));
        var all = await All(ReadJournal.CurrentEventsByTag("n", Offset.NoOffset()));

        var afterSecond = await All(ReadJournal.CurrentEventsByTag("n", all[1].Offset));
        var lastTwo = await All(ReadJournal.CurrentEventsByTag("n", Offset.FromEnd(2)));
        var moreThanThere = await All(ReadJournal.CurrentEventsByTag("n", Offset.FromEnd(50)));

        Assert.Equal([3L, 4L, 5L], afterSecond.Select(e => e.SequenceNr));
        Assert.Equal([4L, 5L], lastTwo.Select(e => e.SequenceNr));
        Assert.Equal(5, moreThanThere.Count);
    }

    [Fact]
    public async Task All_events_come_in_write_order_across_streams_current_and_live()
    {
        var a = Sys.ActorOf(Recorder.Props("a"));
        var b = Sys.ActorOf(Recorder.Props("b"));
        RecordOneByOne(a, 1);
        RecordOneByOne(b, 1);
        RecordOneByOne(a, 1, _ => "event 2");

        var current = await All(ReadJournal.CurrentAllEvents(Offset.NoOffset()));
        var probe = ReadJournal.AllEvents(current[0].Offset).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());
        probe.Request(10);
        probe.ExpectNextN(2);
        b.Tell(new Record("event 2"), TestActor);
        ExpectMsg<long>();

        Assert.Equal([("a", 1L), ("b", 1L), ("a", 2L)], current.Select(e => (e.PersistenceId, e.SequenceNr)));
        var next = probe.ExpectNext(TimeSpan.FromSeconds(10));
        Assert.Equal(("b", 2L), (next.PersistenceId, next.SequenceNr));
        probe.Cancel();
    }

    [Fact]
    public void An_offset_the_journal_does_not_use_is_refused_when_the_query_is_made()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReadJournal.EventsByTag("t", Offset.TimeBasedUuid(Guid.NewGuid())));

        Assert.Contains("Sequence offset", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>A live query looks again after its refresh interval, for writes its writer cannot tell it of.</summary>
public sealed class RefreshIntervalSpecs() : PluginSpec(options: o => o.QueryRefreshInterval = TimeSpan.FromMilliseconds(200))
{
    [Fact]
    public async Task An_event_written_by_another_actor_system_on_the_same_file_is_found_within_the_refresh_interval()
    {
        var probe = ReadJournal.EventsByTag("shared", Offset.NoOffset()).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());
        probe.Request(1);
        var other = ActorSystem.Create("other-writer", Sys.Settings.Config);
        try
        {
            var recorder = other.ActorOf(Recorder.Props("elsewhere"));
            recorder.Tell(new Record(new Tagged("from elsewhere", ["shared"])), TestActor);
            ExpectMsg<long>(TimeSpan.FromSeconds(10));

            Assert.Equal("from elsewhere", probe.ExpectNext(TimeSpan.FromSeconds(10)).Event);
        }
        finally
        {
            await other.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
            probe.Cancel();
        }
    }
}
