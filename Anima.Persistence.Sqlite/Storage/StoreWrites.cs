using System.Text;
using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>Every change the store makes, on the writer's connection; the hot ones prepared once.</summary>
/// <remarks>
/// An event costs one statement (<see cref="EventInsertStatement"/>; its ordering is SQLite's last rowid, no
/// <c>RETURNING</c> result set), and its tags wait for the end of the transaction, where each tag's events are
/// written by one statement (a JSON array of orderings through <c>json_each</c>): per-row statements through
/// Microsoft.Data.Sqlite were most of the writer's time. Its stream's index entry waits longer, for
/// <see cref="IndexStreams"/>; so the check that a stream's sequence numbers only grow (two writers of one
/// stream, or a write repeated) is made here, against the highest number each stream has had.
/// </remarks>
internal sealed class StoreWrites : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly EventInsertStatement _insertEvent;
    private readonly SqliteCommand _insertTags;
    private readonly SqliteCommand _highest;
    private readonly Dictionary<string, List<long>> _pendingTags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _committedHighest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _writtenHighest = new(StringComparer.Ordinal);
    private readonly StringBuilder _orderings = new();
    private SqliteTransaction? _transaction;
    private int _writtenEvents;
    private bool _indexed;

    public StoreWrites(SqliteConnection connection)
    {
        _connection = connection;
        _insertEvent = new EventInsertStatement(connection);
        _insertTags = Prepare("INSERT INTO anima_event_tags (tag, ordering) SELECT $tag, value FROM json_each($orderings)", "$tag", "$orderings");
        _highest = Prepare(StreamQueries.HighestIndexed, "$pid");
    }

    /// <summary>Events committed since the streams were last indexed.</summary>
    public int Unindexed { get; private set; }

    /// <summary>The transaction the following changes belong to; whatever a failed one left pending is dropped.</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        _transaction = transaction;
        _insertTags.Transaction = transaction;
        _highest.Transaction = transaction;
        foreach (var orderings in _pendingTags.Values)
        {
            orderings.Clear();
        }

        _writtenHighest.Clear();
        _writtenEvents = 0;
        _indexed = false;
    }

    /// <summary>The transaction was committed: what it wrote now counts.</summary>
    public void Committed()
    {
        foreach (var (persistenceId, sequenceNr) in _writtenHighest)
        {
            _committedHighest[persistenceId] = sequenceNr;
        }

        _writtenHighest.Clear();
        Unindexed = _indexed ? 0 : Unindexed + _writtenEvents;
    }

    /// <summary>Writes what waits for the end of the transaction (the tags); call before committing.</summary>
    public void Complete()
    {
        foreach (var (tag, orderings) in _pendingTags)
        {
            if (orderings.Count == 0)
            {
                continue;
            }

            _orderings.Clear().Append('[');
            foreach (var ordering in orderings)
            {
                _orderings.Append(ordering).Append(',');
            }

            _orderings[^1] = ']';
            _insertTags.Parameters[0].Value = tag;
            _insertTags.Parameters[1].Value = _orderings.ToString();
            _insertTags.ExecuteNonQuery();
            orderings.Clear();
        }
    }

    public void InsertEvent(EventRow row)
    {
        var highest = HighestSequenceNr(row.PersistenceId);
        if (row.SequenceNr <= highest)
        {
            throw new InvalidOperationException(
                $"{row.PersistenceId} already has event {highest}; event {row.SequenceNr} comes from a second writer of the stream, or was written twice.");
        }

        var ordering = _insertEvent.Insert(row);
        _writtenHighest[row.PersistenceId] = row.SequenceNr;
        _writtenEvents++;
        foreach (var tag in row.Tags)
        {
            if (!_pendingTags.TryGetValue(tag, out var orderings))
            {
                _pendingTags[tag] = orderings = [];
            }

            orderings.Add(ordering);
        }
    }

    /// <summary>Brings the stream index up to date (see <see cref="StreamQueries"/>).</summary>
    public void IndexStreams()
    {
        Execute(StreamQueries.IndexNewest);
        _indexed = true;
    }

    /// <summary>
    /// Deletes a stream's events up to <paramref name="toSequenceNr"/>, remembering its highest sequence
    /// number first, so a stream whose events are all deleted does not start again at 1. The newest events
    /// are indexed first, so the index finds them all.
    /// </summary>
    public void DeleteEvents(string persistenceId, long toSequenceNr)
    {
        IndexStreams();
        Execute(
            $"""
            INSERT OR REPLACE INTO anima_highest_sequence (persistence_id, sequence_nr)
              SELECT persistence_id, MAX(sequence_nr) FROM anima_stream_index WHERE persistence_id = $pid GROUP BY persistence_id;
            DELETE FROM anima_event_tags WHERE ordering IN ({StreamQueries.Orderings});
            DELETE FROM anima_events WHERE ordering IN ({StreamQueries.Orderings});
            DELETE FROM anima_stream_index WHERE persistence_id = $pid AND sequence_nr <= $to;
            """,
            ("$pid", persistenceId),
            ("$to", toSequenceNr));
    }

    public void SaveSnapshot(SnapshotRow row) => Execute(
        """
        INSERT OR REPLACE INTO anima_snapshots (persistence_id, sequence_nr, taken_at, serializer_id, manifest, payload)
        VALUES ($pid, $seq, $taken_at, $serializer_id, $manifest, $payload)
        """,
        ("$pid", row.PersistenceId), ("$seq", row.SequenceNr), ("$taken_at", row.TakenAt),
        ("$serializer_id", row.SerializerId), ("$manifest", row.Manifest), ("$payload", row.Payload));

    public void DeleteSnapshots(string persistenceId, SnapshotSelectionCriteria criteria) => Execute(
        $"DELETE FROM anima_snapshots WHERE {SnapshotQueries.Matching}",
        SnapshotQueries.Parameters(persistenceId, criteria));

    /// <summary>
    /// Deletes the snapshot at the metadata's sequence number, unless it was taken after the metadata's
    /// timestamp (a newer snapshot saved at the same number since); a timestamp of <see cref="DateTime.MinValue"/>
    /// (metadata made without one) deletes it whenever it was taken.
    /// </summary>
    public void DeleteSnapshot(SnapshotMetadata metadata) => Execute(
        "DELETE FROM anima_snapshots WHERE persistence_id = $pid AND sequence_nr = $seq AND ($taken_at = 0 OR taken_at <= $taken_at)",
        ("$pid", metadata.PersistenceId), ("$seq", metadata.SequenceNr), ("$taken_at", metadata.Timestamp == DateTime.MinValue ? 0L : metadata.Timestamp.Ticks));

    public void Dispose()
    {
        _insertEvent.Dispose();
        _insertTags.Dispose();
        _highest.Dispose();
    }

    private long HighestSequenceNr(string persistenceId)
    {
        if (_writtenHighest.TryGetValue(persistenceId, out var highest) || _committedHighest.TryGetValue(persistenceId, out highest))
        {
            return highest;
        }

        // A stream this writer has not written yet (so none of its events is above the index's mark): once per stream and store.
        _highest.Parameters[0].Value = persistenceId;
        return _committedHighest[persistenceId] = (long)_highest.ExecuteScalar()!;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        // Tags of events inserted earlier in this transaction go first: the statement may delete them.
        Complete();
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
