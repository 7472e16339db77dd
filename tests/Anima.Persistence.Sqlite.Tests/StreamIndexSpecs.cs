using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>
/// A stream's events are found through an index the writer updates in bulk (here every 4 events, never for
/// a pause): whatever it has not indexed yet is still recovered, read and numbered on as if it had.
/// </summary>
public sealed class StreamIndexSpecs() : PluginSpec(options: o => (o.StreamIndexEvery, o.StreamIndexWhenIdleFor) = (4, TimeSpan.FromHours(1)), openFileFirst: false)
{
    private const string Upto = "(SELECT ordering FROM anima_stream_index_upto)";

    [Fact]
    public async Task A_stream_partly_indexed_is_recovered_and_read_whole_in_order_and_numbered_on()
    {
        var recorder = Sys.ActorOf(Recorder.Props("partly"));
        RecordOneByOne(recorder, 10);

        // Indexed after the 4th and 8th events; the 9th and 10th only in the newest rows.
        AwaitAssert(() => Assert.Equal(8, CountRows("SELECT count(*) FROM anima_stream_index WHERE persistence_id = 'partly'")));
        Assert.Equal(2, CountRows($"SELECT count(*) FROM anima_events WHERE ordering > {Upto} AND persistence_id = 'partly'"));
        Stop(recorder);

        var recovered = Sys.ActorOf(Recorder.Props("partly"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"event {n}"), ExpectMsg<Recorder.Events>().Items);
        var middle = await ReadJournal.CurrentEventsByPersistenceId("partly", 7, 10).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        Assert.Equal([7L, 8L, 9L, 10L], middle.Select(e => e.SequenceNr));
        recovered.Tell(new Record("event 11"), TestActor);
        ExpectMsg<long>(seq => seq == 11);
    }

    [Fact]
    public void A_second_writer_is_refused_whether_the_streams_newest_event_is_indexed_or_not()
    {
        var first = Sys.ActorOf(Recorder.Props("contested"));
        RecordOneByOne(first, 5);

        // A second incarnation recovers from the journal (events 1-4 indexed, 5 not) and races the first for event 6.
        var second = Sys.ActorOf(Recorder.Props("contested"));
        second.Tell(Recorder.GetEvents.Instance, TestActor);
        Assert.Equal(5, ExpectMsg<Recorder.Events>().Items.Length);
        first.Tell(new Record("from first"), TestActor);
        ExpectMsg<long>(seq => seq == 6);
        second.Tell(new Record("from second"), TestActor);

        ExpectMsg<string>(reply => reply.StartsWith("failed", StringComparison.Ordinal) && reply.Contains("already has event 6", StringComparison.Ordinal));
        Assert.Equal(1, CountRows("SELECT count(*) FROM anima_events WHERE persistence_id = 'contested' AND sequence_nr = 6"));
    }

    [Fact]
    public void Deleting_events_not_yet_indexed_deletes_them_and_their_tags()
    {
        var recorder = Sys.ActorOf(Recorder.Props("deleting"));
        RecordOneByOne(recorder, 6, n => new Tagged($"event {n}", ["deleting"]));

        recorder.Tell(new Recorder.DeleteUpTo(6), TestActor);
        ExpectMsg<DeleteMessagesSuccess>();

        Assert.Equal(0, CountRows("SELECT count(*) FROM anima_events WHERE persistence_id = 'deleting'"));
        Assert.Equal(0, CountRows("SELECT count(*) FROM anima_event_tags WHERE tag = 'deleting'"));
        Assert.Equal(0, CountRows("SELECT count(*) FROM anima_stream_index WHERE persistence_id = 'deleting'"));
        recorder.Tell(new Record("event 7"), TestActor);
        ExpectMsg<long>(seq => seq == 7);
    }

    [Fact]
    public async Task A_journal_from_before_the_stream_index_keeps_its_events_orderings_and_high_water_mark()
    {
        // The events table as brains before the stream index made it: a unique index of its own. Orderings 3
        // to 5 were handed out and deleted; AUTOINCREMENT must not hand them out again.
        using (var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DatabaseFile)))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE anima_events (
                  ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL,
                  written_at INTEGER NOT NULL, writer_uuid TEXT NOT NULL, adapter_manifest TEXT NOT NULL,
                  serializer_id INTEGER NOT NULL, manifest TEXT NOT NULL, payload BLOB NOT NULL,
                  UNIQUE (persistence_id, sequence_nr));
                CREATE TABLE anima_event_tags (tag TEXT NOT NULL, ordering INTEGER NOT NULL, PRIMARY KEY (tag, ordering)) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
            var serializer = Sys.Serialization.FindSerializerFor(string.Empty);
            foreach (var (ordering, seq, text) in new[] { (1L, 1L, "old one"), (2L, 2L, "old two"), (5L, 3L, "old three") })
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO anima_events VALUES ($ordering, 'old', $seq, 0, 'old-writer', '', $serializer, $manifest, $payload);
                    INSERT INTO anima_event_tags VALUES ('old', $ordering);
                    """;
                insert.Parameters.AddWithValue("$ordering", ordering);
                insert.Parameters.AddWithValue("$seq", seq);
                insert.Parameters.AddWithValue("$serializer", serializer.Identifier);
                insert.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(serializer, text));
                insert.Parameters.AddWithValue("$payload", serializer.ToBinary(text));
                insert.ExecuteNonQuery();
            }

            using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM anima_events WHERE ordering = 5; DELETE FROM anima_event_tags WHERE ordering = 5;";
            forget.ExecuteNonQuery();
        }

        var recorder = Sys.ActorOf(Recorder.Props("old"));
        recorder.Tell(Recorder.GetEvents.Instance, TestActor);
        Assert.Equal(["old one", "old two"], ExpectMsg<Recorder.Events>().Items);

        // A writer that missed the old events (its stream known only from the index) is refused, not appended.
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        journal.Tell(new WriteMessages([new AtomicWrite(new Persistent("stale two", 2, "old", writerGuid: "stale"))], TestActor, 1), TestActor);
        ExpectMsg<WriteMessagesFailed>();
        Assert.Contains("already has event 2", ExpectMsg<WriteMessageFailure>().Cause.Message, StringComparison.Ordinal);

        recorder.Tell(new Record(new Tagged("new three", ["old"])), TestActor);
        ExpectMsg<long>(seq => seq == 3);

        var tagged = await ReadJournal.CurrentEventsByTag("old", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        Assert.Equal(["old one", "old two", "new three"], tagged.Select(e => (string)e.Event));
        Assert.All(tagged, e => Assert.Equal(["old"], e.Tags));
        Assert.True(((Sequence)tagged[^1].Offset).Value > 5, $"ordering {((Sequence)tagged[^1].Offset).Value} was handed out before");
        Assert.Equal(0, CountRows("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'anima_events' AND type = 'index'"));
        Assert.Equal(2, CountRows("SELECT count(*) FROM anima_stream_index WHERE persistence_id = 'old'"));
    }
}

/// <summary>When writes pause, the writer indexes what it has written, however little.</summary>
public sealed class IdleStreamIndexSpecs() : PluginSpec(options: o => (o.StreamIndexEvery, o.StreamIndexWhenIdleFor) = (1_000_000, TimeSpan.FromMilliseconds(50)))
{
    [Fact]
    public void Events_written_before_a_pause_are_indexed_in_it()
    {
        var recorder = Sys.ActorOf(Recorder.Props("paused"));
        RecordOneByOne(recorder, 3);

        AwaitAssert(() => Assert.Equal(3, CountRows("SELECT count(*) FROM anima_stream_index WHERE persistence_id = 'paused'")));
        Assert.Equal(0, CountRows("SELECT count(*) FROM anima_events WHERE ordering > (SELECT ordering FROM anima_stream_index_upto)"));
    }
}
