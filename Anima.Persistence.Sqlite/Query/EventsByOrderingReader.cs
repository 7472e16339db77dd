using Akka.Persistence.Query;
using Anima.Persistence.Sqlite.Storage;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>
/// Events in the order they were written (their global ordering), after an offset: all of them, or those of
/// one tag. Orderings are handed out by the one writer in commit order, so a reader that has seen an ordering
/// has seen every committed one below it. A current query stops at the newest event when it starts. A
/// <see cref="FromEnd"/> offset starts at the n-th newest event, found at the first read.
/// </summary>
internal sealed class EventsByOrderingReader : IJournalPageReader<EventEnvelope>
{
    private readonly SqliteStore _store;
    private readonly EventCodec _codec;
    private readonly int _pageSize;
    private readonly string? _tag;
    private readonly string _newestSql;
    private readonly string _pageSql;
    private readonly string _fromEndSql;
    private int _fromEnd;
    private long _after;
    private long? _to;

    /// <param name="tag">The tag whose events to read; null: every event.</param>
    public EventsByOrderingReader(SqliteStore store, EventCodec codec, int pageSize, string? tag, Offset offset, bool live)
    {
        _store = store;
        _codec = codec;
        _pageSize = pageSize;
        _tag = tag;
        _after = offset switch
        {
            Sequence sequence => sequence.Value,
            NoOffset or FromEnd or null => 0,
            _ => throw new ArgumentException($"The SQLite read journal reads from a Sequence offset, FromEnd or NoOffset, not {offset.GetType().Name}.", nameof(offset)),
        };
        _fromEnd = offset is FromEnd fromEnd ? fromEnd.Count : 0;
        _to = live ? long.MaxValue : null;
        // The ordering just before the n-th newest event: the query reads what follows it.
        _fromEndSql = tag is null
            ? "SELECT COALESCE((SELECT ordering FROM anima_events ORDER BY ordering DESC LIMIT 1 OFFSET $count), 0)"
            : "SELECT COALESCE((SELECT ordering FROM anima_event_tags WHERE tag = $tag ORDER BY ordering DESC LIMIT 1 OFFSET $count), 0)";
        (_newestSql, _pageSql) = tag is null
            ? ("SELECT COALESCE(MAX(ordering), 0) FROM anima_events",
                $"SELECT {EventCodec.Columns} FROM anima_events e WHERE e.ordering > $after AND e.ordering <= $to ORDER BY e.ordering LIMIT {pageSize}")
            : ("SELECT COALESCE(MAX(ordering), 0) FROM anima_event_tags WHERE tag = $tag",
                $"""
                SELECT {EventCodec.Columns} FROM anima_event_tags t JOIN anima_events e ON e.ordering = t.ordering
                WHERE t.tag = $tag AND t.ordering > $after AND t.ordering <= $to
                ORDER BY t.ordering LIMIT {pageSize}
                """);
    }

    public Task<JournalPage<EventEnvelope>> ReadAsync() => _store.Read(connection =>
    {
        if (_fromEnd > 0)
        {
            using var fromEnd = Command(connection, _fromEndSql);
            fromEnd.Parameters.AddWithValue("$count", _fromEnd);
            _after = (long)fromEnd.ExecuteScalar()!;
            _fromEnd = 0;
        }

        _to ??= Newest(connection);
        using var command = Command(connection, _pageSql);
        command.Parameters.AddWithValue("$after", _after);
        command.Parameters.AddWithValue("$to", _to.Value);
        using var reader = command.ExecuteReader();
        var page = new List<EventEnvelope>();
        while (reader.Read())
        {
            page.Add(EventEnvelopes.Read(_codec, reader));
        }

        if (page.Count > 0)
        {
            _after = ((Sequence)page[^1].Offset).Value;
        }

        return new JournalPage<EventEnvelope>(page, CaughtUp: page.Count < _pageSize, Done: _after >= _to);
    });

    private long Newest(SqliteConnection connection)
    {
        using var command = Command(connection, _newestSql);
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (_tag is not null)
        {
            command.Parameters.AddWithValue("$tag", _tag);
        }

        return command;
    }
}
