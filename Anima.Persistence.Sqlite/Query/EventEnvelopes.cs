using Akka.Persistence.Query;
using Anima.Persistence.Sqlite.Storage;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>An event row as the queries hand it out: offset its global ordering, with all its tags.</summary>
internal static class EventEnvelopes
{
    /// <summary>The event at the reader's current row, selected as <see cref="EventCodec.Columns"/>.</summary>
    public static EventEnvelope Read(EventCodec codec, SqliteDataReader reader)
    {
        var (ordering, stored) = codec.Read(reader);
        return new EventEnvelope(
            Offset.Sequence(ordering), stored.PersistenceId, stored.SequenceNr, stored.Payload, stored.Timestamp, EventCodec.ReadTags(reader));
    }
}
