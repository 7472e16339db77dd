using Anima.Actors.Configuration;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Persistence;

/// <summary>
/// The journal's tables. Events are ordered by one global <c>ordering</c> (AUTOINCREMENT, so a deleted
/// event's number is never handed out again and tag readers can resume from an offset); tags live in their
/// own table keyed by tag, so following one tag never scans other events. A stream's events are found
/// through <c>anima_stream_index</c>, which the writer brings up to date in bulk (<see cref="StreamQueries"/>).
/// </summary>
internal static class StoreSchema
{
    private const string Tables = $"""
        {EventsTable}
        CREATE TABLE IF NOT EXISTS anima_stream_index (
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          ordering INTEGER NOT NULL,
          PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS anima_stream_index_upto (
          only INTEGER PRIMARY KEY CHECK (only = 1),
          ordering INTEGER NOT NULL);
        INSERT OR IGNORE INTO anima_stream_index_upto (only, ordering) VALUES (1, 0);
        CREATE TABLE IF NOT EXISTS anima_event_tags (
          tag TEXT NOT NULL,
          ordering INTEGER NOT NULL,
          PRIMARY KEY (tag, ordering)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS anima_highest_sequence (
          persistence_id TEXT PRIMARY KEY,
          sequence_nr INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS anima_snapshots (
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          taken_at INTEGER NOT NULL,
          serializer_id INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BLOB NOT NULL,
          PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID;
        """;

    private const string EventsTable = """
        CREATE TABLE IF NOT EXISTS anima_events (
          ordering INTEGER PRIMARY KEY AUTOINCREMENT,
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          written_at INTEGER NOT NULL,
          writer_uuid TEXT NOT NULL,
          adapter_manifest TEXT NOT NULL,
          serializer_id INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BLOB NOT NULL);
        """;

    /// <summary>
    /// Brains before the stream index kept a unique (persistence_id, sequence_nr) index on the events table,
    /// which every commit dirtied a page of per session: the table is rebuilt without it, keeping every
    /// ordering and AUTOINCREMENT's high-water mark, and the stream index is then built from it.
    /// </summary>
    private const string DropPerEventIndex = $"""
        ALTER TABLE anima_events RENAME TO anima_events_indexed;
        {EventsTable}
        INSERT INTO anima_events SELECT * FROM anima_events_indexed ORDER BY ordering;
        DELETE FROM sqlite_sequence WHERE name = 'anima_events';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'anima_events', seq FROM sqlite_sequence WHERE name = 'anima_events_indexed';
        DROP TABLE anima_events_indexed;
        """;

    /// <summary>
    /// Akka.Persistence.Sql's tables, which brains before our own journal wrote: their events (with their
    /// global ordering, which the session list's offset refers to), tags and snapshots move over in the same
    /// transaction that drops the old tables, so nothing is lost or read twice.
    /// </summary>
    private const string ImportAkkaPersistenceSql = """
        INSERT INTO anima_events (ordering, persistence_id, sequence_nr, written_at, writer_uuid, adapter_manifest, serializer_id, manifest, payload)
          SELECT ordering, persistence_id, sequence_number, created, COALESCE(writer_uuid, ''), '', identifier, COALESCE(manifest, ''), message
          FROM journal WHERE deleted = 0 ORDER BY ordering;
        INSERT INTO anima_highest_sequence (persistence_id, sequence_nr)
          SELECT persistence_id, MAX(sequence_number) FROM journal GROUP BY persistence_id;
        INSERT INTO anima_event_tags (tag, ordering)
          SELECT tag, ordering_id FROM tags WHERE ordering_id IN (SELECT ordering FROM anima_events);
        DROP TABLE tags;
        DROP TABLE journal;
        """;

    private const string ImportAkkaPersistenceSqlSnapshots = """
        INSERT INTO anima_snapshots (persistence_id, sequence_nr, taken_at, serializer_id, manifest, payload)
          SELECT persistence_id, sequence_number, created, serializer_id, COALESCE(manifest, ''), snapshot FROM snapshot;
        DROP TABLE snapshot;
        """;

    public static void EnsureCurrent(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        SqliteDatabase.Execute(connection, Tables, transaction);
        if (Exists(connection, transaction, "index", "sqlite_autoindex_anima_events_1"))
        {
            SqliteDatabase.Execute(connection, DropPerEventIndex, transaction);
        }

        if (TableExists(connection, transaction, "journal") && TableExists(connection, transaction, "tags"))
        {
            SqliteDatabase.Execute(connection, ImportAkkaPersistenceSql, transaction);
        }

        if (TableExists(connection, transaction, "snapshot"))
        {
            SqliteDatabase.Execute(connection, ImportAkkaPersistenceSqlSnapshots, transaction);
        }

        // Whatever was written after the index's last update (by a brain that stopped before the next one, or
        // imported above) goes into it now.
        SqliteDatabase.Execute(connection, StreamQueries.IndexNewest, transaction);
        transaction.Commit();
    }

    private static bool TableExists(SqliteConnection connection, SqliteTransaction transaction, string name) =>
        Exists(connection, transaction, "table", name);

    private static bool Exists(SqliteConnection connection, SqliteTransaction transaction, string type, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = $type AND name = $name";
        command.Parameters.AddWithValue("$type", type);
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }
}
