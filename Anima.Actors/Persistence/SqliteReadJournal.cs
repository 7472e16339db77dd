using System.Globalization;
using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Akka.Util;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Persistence;

/// <summary>
/// The journal read as streams, a page at a time on pooled connections: a session's events for its
/// history, and all events of a tag from an offset for the session list. Only the "current" queries:
/// live changes travel on the bus, not by polling the file.
/// </summary>
public sealed class SqliteReadJournal : IReadJournal, ICurrentEventsByPersistenceIdQuery, ICurrentEventsByTagQuery
{
    public const string Identifier = "anima.persistence.query";

    private const int PageSize = 1000;

    private static readonly string[] NoTags = [];

    private readonly SqliteStore _store;

    internal SqliteReadJournal(SqliteStore store) => _store = store;

    public Source<EventEnvelope, NotUsed> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        Paged(
            fromSequenceNr,
            StreamQueries.Events(PageSize.ToString(CultureInfo.InvariantCulture)),
            ("$pid", persistenceId),
            toSequenceNr,
            envelope => envelope.SequenceNr + 1);

    /// <summary>Events with the tag whose ordering is above <paramref name="offset"/>, up to the newest at the start of the query.</summary>
    public Source<EventEnvelope, NotUsed> CurrentEventsByTag(string tag, Offset offset)
    {
        var after = offset is Sequence sequence ? sequence.Value : 0L;
        return Source
            .FromTask(_store.Read(connection => Scalar(connection, "SELECT COALESCE(MAX(ordering), 0) FROM anima_event_tags WHERE tag = $tag", tag)))
            .ConcatMany(newest => Paged(
                after + 1,
                $"""
                SELECT {EventCodec.Columns} FROM anima_event_tags t JOIN anima_events e ON e.ordering = t.ordering
                WHERE t.tag = $tag AND t.ordering BETWEEN $from AND $to
                ORDER BY t.ordering LIMIT {PageSize}
                """,
                ("$tag", tag),
                newest,
                envelope => ((Sequence)envelope.Offset).Value + 1));
    }

    private Source<EventEnvelope, NotUsed> Paged(long from, string sql, (string Name, string Value) key, long to, Func<EventEnvelope, long> next) =>
        Source.UnfoldAsync<long?, IReadOnlyList<EventEnvelope>>(from, async position =>
            {
                if (position is not { } start)
                {
                    return Option<(long?, IReadOnlyList<EventEnvelope>)>.None;
                }

                var page = await _store.Read(connection => ReadPage(connection, sql, key, start, to)).ConfigureAwait(false);
                long? following = page.Count == PageSize ? next(page[^1]) : null;
                return page.Count == 0
                    ? Option<(long?, IReadOnlyList<EventEnvelope>)>.None
                    : Option<(long?, IReadOnlyList<EventEnvelope>)>.Create((following, page));
            })
            .SelectMany(page => page);

    private List<EventEnvelope> ReadPage(SqliteConnection connection, string sql, (string Name, string Value) key, long from, long to)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(key.Name, key.Value);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var page = new List<EventEnvelope>();
        while (reader.Read())
        {
            var (ordering, stored) = _store.Codec.Read(reader);
            page.Add(new EventEnvelope(Offset.Sequence(ordering), stored.PersistenceId, stored.SequenceNr, stored.Payload, stored.Timestamp, NoTags));
        }

        return page;
    }

    private static long Scalar(SqliteConnection connection, string sql, string tag)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tag", tag);
        return (long)command.ExecuteScalar()!;
    }
}
