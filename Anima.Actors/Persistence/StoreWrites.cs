using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Persistence;

/// <summary>Every change the store makes, on the writer's connection; the hot ones prepared once.</summary>
internal sealed class StoreWrites : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertTag;
    private SqliteTransaction? _transaction;

    public StoreWrites(SqliteConnection connection)
    {
        _connection = connection;
        _insertEvent = Prepare(
            """
            INSERT INTO anima_events (persistence_id, sequence_nr, written_at, writer_uuid, adapter_manifest, serializer_id, manifest, payload)
            VALUES ($persistence_id, $sequence_nr, $written_at, $writer_uuid, $adapter_manifest, $serializer_id, $manifest, $payload)
            RETURNING ordering
            """,
            "$persistence_id", "$sequence_nr", "$written_at", "$writer_uuid", "$adapter_manifest", "$serializer_id", "$manifest", "$payload");
        _insertTag = Prepare("INSERT INTO anima_event_tags (tag, ordering) VALUES ($tag, $ordering)", "$tag", "$ordering");
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _transaction = transaction;
        _insertEvent.Transaction = transaction;
        _insertTag.Transaction = transaction;
    }

    public void InsertEvent(EventRow row)
    {
        var p = _insertEvent.Parameters;
        p[0].Value = row.PersistenceId;
        p[1].Value = row.SequenceNr;
        p[2].Value = row.WrittenAt;
        p[3].Value = row.WriterUuid;
        p[4].Value = row.AdapterManifest;
        p[5].Value = row.SerializerId;
        p[6].Value = row.Manifest;
        p[7].Value = row.Payload;
        var ordering = (long)_insertEvent.ExecuteScalar()!;
        foreach (var tag in row.Tags)
        {
            _insertTag.Parameters[0].Value = tag;
            _insertTag.Parameters[1].Value = ordering;
            _insertTag.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Deletes a stream's events up to <paramref name="toSequenceNr"/>, remembering its highest sequence
    /// number first, so a stream whose events are all deleted does not start again at 1.
    /// </summary>
    public void DeleteEvents(string persistenceId, long toSequenceNr) => Execute(
        """
        INSERT OR REPLACE INTO anima_highest_sequence (persistence_id, sequence_nr)
          SELECT persistence_id, MAX(sequence_nr) FROM anima_events WHERE persistence_id = $pid GROUP BY persistence_id;
        DELETE FROM anima_event_tags WHERE ordering IN
          (SELECT ordering FROM anima_events WHERE persistence_id = $pid AND sequence_nr <= $to);
        DELETE FROM anima_events WHERE persistence_id = $pid AND sequence_nr <= $to;
        """,
        ("$pid", persistenceId), ("$to", toSequenceNr));

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

    public void DeleteSnapshot(SnapshotMetadata metadata) => Execute(
        "DELETE FROM anima_snapshots WHERE persistence_id = $pid AND sequence_nr = $seq",
        ("$pid", metadata.PersistenceId), ("$seq", metadata.SequenceNr));

    public void Dispose()
    {
        _insertEvent.Dispose();
        _insertTag.Dispose();
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
