using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Persistence;

/// <summary>Between Akka's persistent messages and our rows, through whichever serializer owns each payload.</summary>
internal sealed class EventCodec(Akka.Serialization.Serialization serialization)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = $"e.ordering, e.persistence_id, e.sequence_nr, {ColumnsAfterKey}";

    /// <summary>The columns <see cref="Read"/> expects after an event's ordering, stream and sequence number.</summary>
    public const string ColumnsAfterKey = "e.written_at, e.writer_uuid, e.adapter_manifest, e.serializer_id, e.manifest, e.payload";

    private static readonly IReadOnlyCollection<string> NoTags = [];

    public EventRow ToRow(IPersistentRepresentation message)
    {
        var (payload, tags) = message.Payload is Tagged tagged
            ? (tagged.Payload, (IReadOnlyCollection<string>)tagged.Tags.ToArray())
            : (message.Payload, NoTags);
        var serializer = serialization.FindSerializerFor(payload);
        return new EventRow(
            message.PersistenceId,
            message.SequenceNr,
            message.Timestamp != 0 ? message.Timestamp : DateTime.UtcNow.Ticks,
            message.WriterGuid,
            message.Manifest,
            serializer.Identifier,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload),
            serializer.ToBinary(payload),
            tags);
    }

    public SnapshotRow ToRow(SnapshotMetadata metadata, object snapshot)
    {
        var serializer = serialization.FindSerializerFor(snapshot);
        return new SnapshotRow(
            metadata.PersistenceId,
            metadata.SequenceNr,
            metadata.Timestamp.Ticks,
            serializer.Identifier,
            Akka.Serialization.Serialization.ManifestFor(serializer, snapshot),
            serializer.ToBinary(snapshot));
    }

    /// <summary>The event at the reader's current row, selected as <see cref="Columns"/>.</summary>
    public (long Ordering, Persistent Event) Read(SqliteDataReader reader) =>
        (reader.GetInt64(0), new Persistent(
            payload: serialization.Deserialize((byte[])reader[8], reader.GetInt32(6), reader.GetString(7)),
            sequenceNr: reader.GetInt64(2),
            persistenceId: reader.GetString(1),
            manifest: reader.GetString(5),
            isDeleted: false,
            sender: ActorRefs.NoSender,
            writerGuid: reader.GetString(4),
            timestamp: reader.GetInt64(3)));

    public SelectedSnapshot ReadSnapshot(SqliteDataReader reader) =>
        new(
            new SnapshotMetadata(reader.GetString(0), reader.GetInt64(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)),
            serialization.Deserialize((byte[])reader[5], reader.GetInt32(3), reader.GetString(4)));
}
