using Akka.Persistence;
using Akka.Streams;
using Akka.Streams.TestKit;

namespace Anima.Persistence.Sqlite.Tests.Query;

/// <summary>Every stream the journal holds, each once; live, then each new stream as it begins (woken by the writer).</summary>
public sealed class PersistenceIdsSpecs() : PluginSpec(options: o => o.QueryRefreshInterval = TimeSpan.FromHours(1))
{
    [Fact]
    public async Task The_current_ids_are_each_stream_once_including_one_whose_events_were_all_deleted()
    {
        RecordOneByOne(Sys.ActorOf(Recorder.Props("one")), 3);
        var emptied = Sys.ActorOf(Recorder.Props("emptied"));
        RecordOneByOne(emptied, 2);
        emptied.Tell(new Recorder.DeleteUpTo(2), TestActor);
        ExpectMsg<DeleteMessagesSuccess>();

        var ids = await All(ReadJournal.CurrentPersistenceIds());

        Assert.Equal(["emptied", "one"], ids.Order());
    }

    [Fact]
    public void The_live_ids_go_on_with_each_new_stream_once()
    {
        RecordOneByOne(Sys.ActorOf(Recorder.Props("before")), 1);
        var probe = ReadJournal.PersistenceIds().RunWith(this.SinkProbe<string>(), Sys.Materializer());
        Assert.Equal("before", probe.Request(10).ExpectNext());

        var after = Sys.ActorOf(Recorder.Props("after"));
        RecordOneByOne(after, 2);
        RecordOneByOne(Sys.ActorOf(Recorder.Props("later")), 1);

        Assert.Equal("after", probe.ExpectNext(TimeSpan.FromSeconds(10)));
        Assert.Equal("later", probe.ExpectNext(TimeSpan.FromSeconds(10)));
        probe.Cancel();
    }
}
