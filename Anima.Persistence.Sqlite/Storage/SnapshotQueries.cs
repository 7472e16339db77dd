using Akka.Persistence;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>Which snapshots a <see cref="SnapshotSelectionCriteria"/> selects, as SQL.</summary>
internal static class SnapshotQueries
{
    public const string Matching =
        "persistence_id = $pid AND sequence_nr BETWEEN $min_seq AND $max_seq AND taken_at BETWEEN $min_at AND $max_at";

    public static (string Name, object Value)[] Parameters(string persistenceId, SnapshotSelectionCriteria criteria) =>
    [
        ("$pid", persistenceId),
        ("$min_seq", criteria.MinSequenceNr),
        ("$max_seq", criteria.MaxSequenceNr),
        ("$min_at", criteria.MinTimestamp?.Ticks ?? 0L),
        ("$max_at", criteria.MaxTimeStamp.Ticks),
    ];
}
