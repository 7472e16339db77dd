using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// Between Akka's persistent messages and our rows, through whichever serializer owns each payload. Payloads
/// are serialized inside <see cref="Serialization.WithTransport{T}(ExtendedActorSystem, Func{T})"/>, as Akka
/// requires of a journal, so an actor reference in an event is written with the system's full address.
/// </summary>
internal sealed class EventCodec(ExtendedActorSystem system, string? defaultSerializer)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = $"e.ordering, e.persistence_id, e.sequence_nr, {ColumnsAfterKey}";

    /// <summary>The columns <see cref="Read"/> expects after an event's ordering, stream and sequence number.</summary>
    public const string ColumnsAfterKey = "e.written_at, e.writer_uuid, e.adapter_manifest, e.serializer_id, e.manifest, e.payload, e.tags";

    private static readonly string[] NoTags = [];

    private readonly Serialization _serialization = system.Serialization;

    public SnapshotRow ToRow(SnapshotMetadata metadata, object snapshot)
    {
        var serializer = SerializerFor(snapshot);
        return new SnapshotRow(
            metadata.PersistenceId,
            metadata.SequenceNr,
            metadata.Timestamp.Ticks,
            serializer.Identifier,
            Serialization.ManifestFor(serializer, snapshot),
            Serialization.WithTransport(system, (Serializer: serializer, Snapshot: snapshot), static s => s.Serializer.ToBinary(s.Snapshot)));
    }

    /// <summary>The event at the reader's current row, selected as <see cref="Columns"/>.</summary>
    public (long Ordering, Persistent Event) Read(SqliteDataReader reader) =>
        (reader.GetInt64(0), new Persistent(
            payload: _serialization.Deserialize((byte[])reader[8], reader.GetInt32(6), reader.GetString(7)),
            sequenceNr: reader.GetInt64(2),
            persistenceId: reader.GetString(1),
            manifest: reader.GetString(5),
            isDeleted: false,
            sender: ActorRefs.NoSender,
            writerGuid: reader.GetString(4),
            timestamp: reader.GetInt64(3)));

    /// <summary>The tags of the event at the reader's current row, selected as <see cref="Columns"/>.</summary>
    public static string[] ReadTags(SqliteDataReader reader) =>
        reader.GetString(9) is { Length: > 0 } tags ? tags.Split(StoreSchema.TagSeparator) : NoTags;

    public SelectedSnapshot ReadSnapshot(SqliteDataReader reader) =>
        new(
            new SnapshotMetadata(reader.GetString(0), reader.GetInt64(1), new DateTime(reader.GetInt64(2), DateTimeKind.Utc)),
            _serialization.Deserialize((byte[])reader[5], reader.GetInt32(3), reader.GetString(4)));

    /// <summary>The row of <paramref name="message"/>; call it inside <see cref="WithTransport{TState, T}"/>.</summary>
    public EventRow ToRow(IPersistentRepresentation message)
    {
        var (payload, tags) = message.Payload is Tagged tagged
            ? (tagged.Payload, (IReadOnlyCollection<string>)tagged.Tags.ToArray())
            : (message.Payload, NoTags);
        foreach (var tag in tags)
        {
            if (tag.Contains(StoreSchema.TagSeparator, StringComparison.Ordinal) || tag.Length == 0)
            {
                throw new ArgumentException($"Tag \"{tag}\" of {message.PersistenceId}'s event {message.SequenceNr} is empty or holds the unit separator (U+001F); no tag may.");
            }
        }

        var serializer = SerializerFor(payload);
        return new EventRow(
            message.PersistenceId,
            message.SequenceNr,
            message.Timestamp != 0 ? message.Timestamp : DateTime.UtcNow.Ticks,
            message.WriterGuid,
            message.Manifest,
            serializer.Identifier,
            Serialization.ManifestFor(serializer, payload),
            serializer.ToBinary(payload),
            tags);
    }

    /// <summary>Runs <paramref name="serialize"/> with the system's transport information, as Akka's serializers expect.</summary>
    public T WithTransport<TState, T>(TState state, Func<TState, T> serialize) => Serialization.WithTransport(system, state, serialize);

    /// <summary>The serializer bound to the payload's type; failing a binding, the plugin's <c>serializer</c>, if set.</summary>
    private Serializer SerializerFor(object payload) =>
        defaultSerializer is null ? _serialization.FindSerializerFor(payload) : _serialization.FindSerializerForType(payload.GetType(), defaultSerializer);
}
