using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// The journal's hottest statement, one per event, on SQLite's own API beneath Microsoft.Data.Sqlite: bound
/// straight from the row (strings as UTF-16 spans, no copies), stepped and reset. Through <c>SqliteCommand</c>
/// each execution also built a data reader, walked the command's statement list and type-switched every
/// parameter; that was as much of the writer's time as SQLite's own work. It runs in whatever transaction
/// the connection has open.
/// </summary>
internal sealed class EventInsertStatement : IDisposable
{
    private const string Sql = """
        INSERT INTO anima_events (persistence_id, sequence_nr, written_at, writer_uuid, adapter_manifest, serializer_id, manifest, payload, tags)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public EventInsertStatement(SqliteConnection connection)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v3(_db, Sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
    }

    /// <summary>Inserts <paramref name="row"/>; returns its ordering.</summary>
    public long Insert(EventRow row)
    {
        var statement = _statement;
        try
        {
            Check(raw.sqlite3_bind_text16(statement, 1, row.PersistenceId));
            Check(raw.sqlite3_bind_int64(statement, 2, row.SequenceNr));
            Check(raw.sqlite3_bind_int64(statement, 3, row.WrittenAt));
            Check(raw.sqlite3_bind_text16(statement, 4, row.WriterUuid));
            Check(raw.sqlite3_bind_text16(statement, 5, row.AdapterManifest));
            Check(raw.sqlite3_bind_int(statement, 6, row.SerializerId));
            Check(raw.sqlite3_bind_text16(statement, 7, row.Manifest));
            Check(raw.sqlite3_bind_blob(statement, 8, row.Payload));
            Check(raw.sqlite3_bind_text16(statement, 9, row.Tags.Count == 0 ? string.Empty : string.Join(StoreSchema.TagSeparator, row.Tags)));
            var done = raw.sqlite3_step(statement);
            if (done != raw.SQLITE_DONE)
            {
                // A duplicate (persistence_id, sequence_nr), a full disk…: the same exception SqliteCommand throws.
                SqliteException.ThrowExceptionForRC(done, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }

        return raw.sqlite3_last_insert_rowid(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}
