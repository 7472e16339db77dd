using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.TestKit;

namespace Anima.Persistence.Sqlite.Tests.Query;

/// <summary>
/// A stream's events, then each one written after, as it is committed. The refresh interval here is an hour:
/// only the writer's own word can wake the query in time.
/// </summary>
public sealed class EventsByPersistenceIdSpecs() : PluginSpec(options: o => o.QueryRefreshInterval = TimeSpan.FromHours(1))
{
    [Fact]
    public void A_caught_up_query_is_woken_by_the_writers_commit()
    {
        var recorder = Sys.ActorOf(Recorder.Props("live"));
        RecordOneByOne(recorder, 1);
        var probe = ReadJournal.EventsByPersistenceId("live", 0, long.MaxValue).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());
        Assert.Equal("event 1", probe.Request(10).ExpectNext().Event);

        recorder.Tell(new Record("event 2"), TestActor);
        ExpectMsg<long>();

        Assert.Equal("event 2", probe.ExpectNext(TimeSpan.FromSeconds(10)).Event);
        probe.Cancel();
    }

    [Fact]
    public void The_query_completes_once_it_has_emitted_its_upper_bound()
    {
        var recorder = Sys.ActorOf(Recorder.Props("bounded"));
        RecordOneByOne(recorder, 1);
        var probe = ReadJournal.EventsByPersistenceId("bounded", 0, 2).RunWith(this.SinkProbe<EventEnvelope>(), Sys.Materializer());
        Assert.Equal(1L, probe.Request(2).ExpectNext().SequenceNr);

        recorder.Tell(new Record("event 2"), TestActor);
        ExpectMsg<long>();

        Assert.Equal(2L, probe.ExpectNext(TimeSpan.FromSeconds(10)).SequenceNr);
        probe.ExpectComplete();
    }
}
