using Akka.Persistence.Query;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>A file written before events kept their tags in their own row opens with every event's tags.</summary>
public sealed class SchemaSpecs() : PluginSpec(options: o => o.StreamIndexEvery = 1, openFileFirst: false)
{
    [Fact]
    public async Task Events_written_before_the_tags_column_are_read_with_their_tags()
    {
        // The events table as the journal made it before the tags column (the stream index already there).
        using (var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DatabaseFile)))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE anima_events (
                  ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL,
                  written_at INTEGER NOT NULL, writer_uuid TEXT NOT NULL, adapter_manifest TEXT NOT NULL,
                  serializer_id INTEGER NOT NULL, manifest TEXT NOT NULL, payload BLOB NOT NULL);
                CREATE TABLE anima_event_tags (tag TEXT NOT NULL, ordering INTEGER NOT NULL, PRIMARY KEY (tag, ordering)) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
            var serializer = Sys.Serialization.FindSerializerFor(string.Empty);
            foreach (var (seq, text, tags) in new[] { (1L, "both", new[] { "a", "b" }), (2L, "none", []) })
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO anima_events VALUES ($seq, 'before', $seq, 0, 'w', '', $serializer, $manifest, $payload)";
                insert.Parameters.AddWithValue("$seq", seq);
                insert.Parameters.AddWithValue("$serializer", serializer.Identifier);
                insert.Parameters.AddWithValue("$manifest", Akka.Serialization.Serialization.ManifestFor(serializer, text));
                insert.Parameters.AddWithValue("$payload", serializer.ToBinary(text));
                insert.ExecuteNonQuery();
                foreach (var tag in tags)
                {
                    using var tagged = connection.CreateCommand();
                    tagged.CommandText = "INSERT INTO anima_event_tags VALUES ($tag, $seq)";
                    tagged.Parameters.AddWithValue("$tag", tag);
                    tagged.Parameters.AddWithValue("$seq", seq);
                    tagged.ExecuteNonQuery();
                }
            }
        }

        var events = await All(ReadJournal.CurrentEventsByPersistenceId("before", 0, long.MaxValue));
        var byTag = await All(ReadJournal.CurrentEventsByTag("b", Offset.NoOffset()));

        Assert.Equal([["a", "b"], []], events.Select(e => e.Tags.Order().ToArray()));
        Assert.Equal(["a", "b"], byTag.Single().Tags.Order());
    }
}
