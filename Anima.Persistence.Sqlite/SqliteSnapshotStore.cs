using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite;

/// <summary>Akka's snapshot store on a SQLite file; on the journal's file, its writes share the journal's commits.</summary>
public sealed class SqliteSnapshotStore : SnapshotStore
{
    private readonly SqliteStore _store;
    private readonly EventCodec _codec;

    public SqliteSnapshotStore(Config config)
    {
        var system = (ExtendedActorSystem)Context.System;
        var settings = config.WithFallback(SqlitePersistence.DefaultSnapshotStoreConfiguration);
        _store = SqlitePersistence.Get(system).Open(SqliteStoreSettings.From(settings, Self.Path.Name));
        _codec = new EventCodec(system, SqliteJournal.NonEmpty(settings.GetString("serializer", string.Empty)));
    }

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
            return reader.Read() ? _codec.ReadSnapshot(reader) : null;
        });

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        var row = _codec.ToRow(metadata, snapshot);
        return _store.Writer.Write(writes => writes.SaveSnapshot(row));
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        _store.Writer.Write(writes => writes.DeleteSnapshot(metadata));

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _store.Writer.Write(writes => writes.DeleteSnapshots(persistenceId, criteria));
}
