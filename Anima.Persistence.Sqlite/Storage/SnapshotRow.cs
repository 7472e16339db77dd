namespace Anima.Persistence.Sqlite.Storage;

/// <summary>One snapshot as stored; <see cref="TakenAt"/> in UTC ticks.</summary>
internal sealed record SnapshotRow(string PersistenceId, long SequenceNr, long TakenAt, int SerializerId, string Manifest, byte[] Payload);
