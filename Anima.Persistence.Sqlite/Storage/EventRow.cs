namespace Anima.Persistence.Sqlite.Storage;

/// <summary>One event as stored: its payload serialized by whichever Akka serializer owns its type.</summary>
internal sealed record EventRow(
    string PersistenceId,
    long SequenceNr,
    long WrittenAt,
    string WriterUuid,
    string AdapterManifest,
    int SerializerId,
    string Manifest,
    byte[] Payload,
    IReadOnlyCollection<string> Tags);
