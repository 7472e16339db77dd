using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Persistence.Sqlite.Hosting;
using Anima.Persistence.Sqlite.Query;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>Tags every string event "hosted", to show an adapter bound through the Hosting extension's journal builder.</summary>
public sealed class HostedTagger : IWriteEventAdapter
{
    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => new Tagged(evt, ["hosted"]);
}

/// <summary>
/// The plugin started by its Hosting extension alone: no HOCON of ours, the defaults injected, an event adapter
/// bound through the journal builder, journal, snapshot store and read journal on one file.
/// </summary>
public sealed class HostingSpecs() : Akka.Hosting.TestKit.TestKit(nameof(HostingSpecs))
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anima-hosting-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Events_persisted_through_the_extensions_journal_recover_and_are_read_with_their_adapters_tags()
    {
        var recorder = Sys.ActorOf(Recorder.Props("hosted"));
        recorder.Tell(new Record("one"), TestActor);
        ExpectMsg<long>();
        recorder.Tell(Recorder.TakeSnapshot.Instance, TestActor);
        ExpectMsg<Akka.Persistence.SaveSnapshotSuccess>();
        recorder.Tell(new Record("two"), TestActor);
        ExpectMsg<long>();
        Watch(recorder);
        Sys.Stop(recorder);
        ExpectTerminated(recorder);

        var recovered = Sys.ActorOf(Recorder.Props("hosted"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);
        var events = ExpectMsg<Recorder.Events>();
        var tagged = await PersistenceQuery.Get(Sys).ReadJournalFor<SqliteReadJournal>(SqliteReadJournal.Identifier)
            .CurrentEventsByTag("hosted", Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());

        Assert.Equal(["one", "two"], events.Items);
        Assert.Equal((1L, 1), (events.FromSnapshot, events.Replayed));
        Assert.Equal(["one", "two"], tagged.Select(e => (string)e.Event));
        Assert.True(File.Exists(Path.Combine(_folder, "db", "hosted.db")));
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder
            .AddHocon("akka.test.single-expect-default = 10s", HoconAddMode.Prepend)
            .WithSqlitePersistence(
            Path.Combine(_folder, "db", "hosted.db"),
            journal => journal.AddWriteEventAdapter<HostedTagger>("hosted-tagger", [typeof(string)]));

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // tmp is cleaned anyway
        }
    }
}
