using Akka.Persistence;
using Akka.Persistence.Snapshot;

namespace Anima.Actors.Persistence;

/// <summary>Akka's snapshot store on the brain's SQLite file; its writes share the journal's commits.</summary>
public sealed class SqliteSnapshotStore : SnapshotStore
{
    private readonly SqliteStore _store = SqliteStore.Get(Context.System);

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT persistence_id, sequence_nr, taken_at, serializer_id, manifest, payload FROM anima_snapshots
                WHERE {SnapshotQueries.Matching} ORDER BY sequence_nr DESC LIMIT 1
                """;
            foreach (var (name, value) in SnapshotQueries.Parameters(persistenceId, criteria))
            {
                command.Parameters.AddWithValue(name, value);
            }

            using var reader = command.ExecuteReader();
            return reader.Read() ? _store.Codec.ReadSnapshot(reader) : null;
        });

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        var row = _store.Codec.ToRow(metadata, snapshot);
        return _store.Writer.Write(writes => writes.SaveSnapshot(row));
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        _store.Writer.Write(writes => writes.DeleteSnapshot(metadata));

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _store.Writer.Write(writes => writes.DeleteSnapshots(persistenceId, criteria));
}
