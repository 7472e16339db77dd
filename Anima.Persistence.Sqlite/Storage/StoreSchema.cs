using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// The journal's tables. Events are ordered by one global <c>ordering</c> (AUTOINCREMENT, so a deleted
/// event's number is never handed out again and tag readers can resume from an offset); tags live in their
/// own table keyed by tag, so following one tag never scans other events, and in the event's own row
/// (<c>tags</c>), so an event read by any query carries them all. A stream's events are found
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
          payload BLOB NOT NULL,
          tags TEXT NOT NULL DEFAULT '');
        """;

    /// <summary>
    /// Journals before the stream index kept a unique (persistence_id, sequence_nr) index on the events table,
    /// which every commit dirtied a page of per stream: the table is rebuilt without it, keeping every
    /// ordering and AUTOINCREMENT's high-water mark, and the stream index is then built from it.
    /// </summary>
    private const string DropPerEventIndex = $"""
        ALTER TABLE anima_events RENAME TO anima_events_indexed;
        {EventsTable}
        INSERT INTO anima_events (ordering, persistence_id, sequence_nr, written_at, writer_uuid, adapter_manifest, serializer_id, manifest, payload)
          SELECT ordering, persistence_id, sequence_nr, written_at, writer_uuid, adapter_manifest, serializer_id, manifest, payload
          FROM anima_events_indexed ORDER BY ordering;
        DELETE FROM sqlite_sequence WHERE name = 'anima_events';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'anima_events', seq FROM sqlite_sequence WHERE name = 'anima_events_indexed';
        DROP TABLE anima_events_indexed;
        """;

    /// <summary>
    /// Akka.Persistence.Sql's tables, which Anima wrote before this plugin existed: their events (with their
    /// global ordering, which tag readers' offsets refer to), tags and snapshots move over in the same
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

    /// <summary>Journals before tags were kept in the event's row: the column is added and filled from the tag table.</summary>
    private const string AddTagsColumn = "ALTER TABLE anima_events ADD COLUMN tags TEXT NOT NULL DEFAULT '';";

    /// <summary>Each event's tags, from the tag table, separated by <see cref="TagSeparator"/>.</summary>
    private const string FillTagsColumn = """
        UPDATE anima_events SET tags = t.tags
        FROM (SELECT ordering, group_concat(tag, char(31)) AS tags FROM anima_event_tags GROUP BY ordering) AS t
        WHERE anima_events.ordering = t.ordering;
        """;

    /// <summary>Between an event's tags in its <c>tags</c> column: a character no tag may hold (unit separator).</summary>
    public const char TagSeparator = '\u001f';

    public static void EnsureCurrent(SqliteConnection connection, SqliteStoreSettings settings)
    {
        using var transaction = connection.BeginTransaction();
        if (!settings.AutoInitialize && !TableExists(connection, transaction, "anima_events"))
        {
            throw new ConfigurationException(
                $"{settings.DatabaseFile} has no journal tables and {settings.PluginId}.auto-initialize is off: turn it on to create them.");
        }

        var eventsTableExisted = TableExists(connection, transaction, "anima_events");
        SqliteDatabase.Execute(connection, Tables, transaction);
        var fillTags = false;
        if (Exists(connection, transaction, "index", "sqlite_autoindex_anima_events_1"))
        {
            SqliteDatabase.Execute(connection, DropPerEventIndex, transaction);
            fillTags = true;
        }
        else if (eventsTableExisted && !ColumnExists(connection, transaction, "anima_events", "tags"))
        {
            SqliteDatabase.Execute(connection, AddTagsColumn, transaction);
            fillTags = true;
        }

        if (TableExists(connection, transaction, "journal") && TableExists(connection, transaction, "tags"))
        {
            SqliteDatabase.Execute(connection, ImportAkkaPersistenceSql, transaction);
            fillTags = true;
        }

        if (fillTags)
        {
            SqliteDatabase.Execute(connection, FillTagsColumn, transaction);
        }

        if (TableExists(connection, transaction, "snapshot"))
        {
            SqliteDatabase.Execute(connection, ImportAkkaPersistenceSqlSnapshots, transaction);
        }

        // Whatever was written after the index's last update (by a writer that stopped before the next one, or
        // imported above) goes into it now.
        SqliteDatabase.Execute(connection, StreamQueries.IndexNewest, transaction);
        transaction.Commit();
    }

    private static bool ColumnExists(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return command.ExecuteScalar() is not null;
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
