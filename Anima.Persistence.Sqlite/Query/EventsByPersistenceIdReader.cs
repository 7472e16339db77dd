using System.Globalization;
using Akka.Persistence.Query;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>
/// One stream's events in sequence order. A current query stops at the stream's highest sequence number when
/// it starts (events written later are not its business); a live one goes on to <c>toSequenceNr</c>.
/// </summary>
internal sealed class EventsByPersistenceIdReader(
    SqliteStore store, EventCodec codec, int pageSize, string persistenceId, long fromSequenceNr, long toSequenceNr, bool live)
    : IJournalPageReader<EventEnvelope>
{
    private readonly string _sql = StreamQueries.Events(pageSize.ToString(CultureInfo.InvariantCulture));
    private long _next = Math.Max(1, fromSequenceNr);
    private long? _to = live ? toSequenceNr : null;

    public Task<JournalPage<EventEnvelope>> ReadAsync() => store.Read(connection =>
    {
        _to ??= Math.Min(toSequenceNr, Highest(connection));
        if (_next > _to)
        {
            return new JournalPage<EventEnvelope>([], CaughtUp: true, Done: true);
        }

        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$from", _next);
        command.Parameters.AddWithValue("$to", _to.Value);
        using var reader = command.ExecuteReader();
        var page = new List<EventEnvelope>();
        while (reader.Read())
        {
            page.Add(EventEnvelopes.Read(codec, reader));
        }

        if (page.Count > 0)
        {
            _next = page[^1].SequenceNr + 1;
        }

        return new JournalPage<EventEnvelope>(page, CaughtUp: page.Count < pageSize, Done: _next > _to);
    });

    private long Highest(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = StreamQueries.Highest;
        command.Parameters.AddWithValue("$pid", persistenceId);
        return (long)command.ExecuteScalar()!;
    }
}
