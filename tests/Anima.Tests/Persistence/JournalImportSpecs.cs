using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Actors.Journal;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Messages.Sessions;
using Anima.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Anima.Tests.Persistence;

/// <summary>A database written by a brain on Akka.Persistence.Sql (before our own journal) opens with every session in it.</summary>
public sealed class JournalImportSpecs() : BrainSpec(new TempHome())
{
    [Fact]
    public async Task Sessions_written_by_the_old_journal_recover_and_the_session_list_resumes_from_its_offset()
    {
        WriteOldJournal(
            ("session-old", 1, 7, new SessionStarted("from the old journal", DateTimeOffset.UtcNow)),
            ("session-old", 2, 9, new UserMessage("still here?", DateTimeOffset.UtcNow)));

        var session = Sys.ActorOf(SessionActor.Props("old", new SessionSettings(SnapshotEvery: 100, PassivateAfter: TimeSpan.FromMinutes(5))));
        session.Tell(new GetSessionInfo("old"), TestActor);

        var info = ExpectMsg<SessionInfo>();
        Assert.Equal(("from the old journal", 2L), (info.Title, info.LastSeq));
        var tagged = await JournalStream.ReadJournal(Sys)
            .CurrentEventsByTag(SessionEventTagger.Tag, Offset.Sequence(7))
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        Assert.Equal([9L], tagged.Select(e => ((Sequence)e.Offset).Value));
        Assert.Equal(0, CountRows("SELECT count(*) FROM sqlite_master WHERE name IN ('journal', 'tags')"));
    }

    /// <summary>Akka.Persistence.Sql's SQLite schema, as its brains left it.</summary>
    private void WriteOldJournal(params (string PersistenceId, long Seq, long Ordering, object Event)[] events)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE [journal] (
              [ordering] INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, [created] INTEGER NOT NULL, [deleted] Bit NOT NULL,
              [persistence_id] NVarChar(255) NOT NULL, [sequence_number] INTEGER NOT NULL, [message] VarBinary NOT NULL,
              [manifest] NVarChar(500) NULL, [identifier] INTEGER NULL, [writer_uuid] NVarChar(128) NULL);
            CREATE TABLE [tags] (
              [ordering_id] INTEGER NOT NULL, [tag] NVarChar(64) NOT NULL, [sequence_nr] INTEGER NOT NULL,
              [persistence_id] NVarChar(255) NOT NULL, CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag]));
            """;
        create.ExecuteNonQuery();
        foreach (var (persistenceId, seq, ordering, evt) in events)
        {
            var serializer = Sys.Serialization.FindSerializerFor(evt);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO journal (ordering, created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
                VALUES ($ordering, 0, 0, $pid, $seq, $message, $manifest, $identifier, 'old-writer');
                INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES ($ordering, 'session', $seq, $pid);
                """;
            insert.Parameters.AddWithValue("$ordering", ordering);
            insert.Parameters.AddWithValue("$pid", persistenceId);
            insert.Parameters.AddWithValue("$seq", seq);
            insert.Parameters.AddWithValue("$message", serializer.ToBinary(evt));
            insert.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(serializer, evt));
            insert.Parameters.AddWithValue("$identifier", serializer.Identifier);
            insert.ExecuteNonQuery();
        }
    }
}
