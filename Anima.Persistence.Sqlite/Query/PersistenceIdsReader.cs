using Anima.Persistence.Sqlite.Storage;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>
/// Every stream the journal holds (streams whose events were all deleted included), each once; live, then
/// each new stream as its first event is written, found among the events after the newest one at the start.
/// </summary>
internal sealed class PersistenceIdsReader(SqliteStore store, int pageSize, bool live) : IJournalPageReader<string>
{
    private const string Existing = """
        SELECT DISTINCT persistence_id FROM anima_stream_index
        UNION SELECT persistence_id FROM anima_highest_sequence
        UNION SELECT persistence_id FROM anima_events WHERE ordering > (SELECT ordering FROM anima_stream_index_upto)
        """;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private long? _after;

    public Task<JournalPage<string>> ReadAsync() => store.Read(connection => _after is null ? ReadExisting(connection) : ReadNew(connection));

    private JournalPage<string> ReadExisting(SqliteConnection connection)
    {
        // One snapshot of the file for both: a stream begun after the listing is above the mark, not missed.
        using var transaction = connection.BeginTransaction(deferred: true);
        _after = Scalar(connection, transaction, "SELECT COALESCE(MAX(ordering), 0) FROM anima_events");
        var ids = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = Existing;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        if (live)
        {
            _seen.UnionWith(ids);
        }

        return new JournalPage<string>(ids, CaughtUp: true, Done: !live);
    }

    private JournalPage<string> ReadNew(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT ordering, persistence_id FROM anima_events WHERE ordering > $after ORDER BY ordering LIMIT {pageSize}";
        command.Parameters.AddWithValue("$after", _after!.Value);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            _after = reader.GetInt64(0);
            var id = reader.GetString(1);
            if (_seen.Add(id))
            {
                ids.Add(id);
            }
        }

        return new JournalPage<string>(ids, CaughtUp: rows < pageSize, Done: false);
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
