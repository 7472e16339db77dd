using Anima.Actors.Configuration;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Persistence;

/// <summary>
/// The journal's tables. Events are ordered by one global <c>ordering</c> (AUTOINCREMENT, so a deleted
/// event's number is never handed out again and tag readers can resume from an offset); tags live in their
/// own table keyed by tag, so following one tag never scans other events.
/// </summary>
internal static class StoreSchema
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS anima_events (
          ordering INTEGER PRIMARY KEY AUTOINCREMENT,
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          written_at INTEGER NOT NULL,
          writer_uuid TEXT NOT NULL,
          adapter_manifest TEXT NOT NULL,
          serializer_id INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          payload BLOB NOT NULL,
          UNIQUE (persistence_id, sequence_nr));
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
        if (TableExists(connection, transaction, "journal") && TableExists(connection, transaction, "tags"))
        {
            SqliteDatabase.Execute(connection, ImportAkkaPersistenceSql, transaction);
        }

        if (TableExists(connection, transaction, "snapshot"))
        {
            SqliteDatabase.Execute(connection, ImportAkkaPersistenceSqlSnapshots, transaction);
        }

        transaction.Commit();
    }

    private static bool TableExists(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }
}
