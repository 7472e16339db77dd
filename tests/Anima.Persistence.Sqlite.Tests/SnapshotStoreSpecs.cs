using Akka.Actor;
using Akka.Persistence;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>The snapshot store keeps Akka's contract: the newest snapshot a criteria selects, and deletes that spare what they must.</summary>
public sealed class SnapshotStoreSpecs : PluginSpec
{
    private static readonly DateTime Taken = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly IActorRef _store;

    public SnapshotStoreSpecs()
    {
        _store = Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        for (var seq = 1; seq <= 3; seq++)
        {
            _store.Tell(new SaveSnapshot(new SnapshotMetadata("s", seq, Taken.AddMinutes(seq)), $"s-{seq}"), TestActor);
            ExpectMsg<SaveSnapshotSuccess>();
        }
    }

    [Fact]
    public void Loading_finds_the_newest_snapshot_within_the_sequence_and_time_bounds()
    {
        Assert.Equal("s-3", Load(SnapshotSelectionCriteria.Latest));
        Assert.Equal("s-2", Load(new SnapshotSelectionCriteria(2)));
        Assert.Equal("s-1", Load(new SnapshotSelectionCriteria(long.MaxValue, Taken.AddMinutes(1))));
        Assert.Null(Load(new SnapshotSelectionCriteria(long.MaxValue, Taken)));
    }

    [Fact]
    public void Deleting_by_metadata_spares_a_snapshot_taken_after_the_metadatas_timestamp()
    {
        Delete(new SnapshotMetadata("s", 3, Taken.AddMinutes(3).AddSeconds(-2)));
        Assert.Equal("s-3", Load(SnapshotSelectionCriteria.Latest));

        Delete(new SnapshotMetadata("s", 3, Taken.AddMinutes(3)));
        Assert.Equal("s-2", Load(SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public void Deleting_by_metadata_without_a_timestamp_deletes_the_snapshot_at_its_sequence_number()
    {
        Delete(new SnapshotMetadata("s", 2, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)));

        Assert.Equal("s-1", Load(new SnapshotSelectionCriteria(2)));
        Assert.Equal("s-3", Load(SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public void Deleting_by_criteria_deletes_every_snapshot_within_both_bounds()
    {
        _store.Tell(new DeleteSnapshots("s", new SnapshotSelectionCriteria(3, Taken.AddMinutes(2))), TestActor);
        ExpectMsg<DeleteSnapshotsSuccess>();

        Assert.Null(Load(new SnapshotSelectionCriteria(2)));
        Assert.Equal("s-3", Load(SnapshotSelectionCriteria.Latest));
    }

    private object? Load(SnapshotSelectionCriteria criteria)
    {
        _store.Tell(new LoadSnapshot("s", criteria, long.MaxValue), TestActor);
        return ExpectMsg<LoadSnapshotResult>().Snapshot?.Snapshot;
    }

    private void Delete(SnapshotMetadata metadata)
    {
        _store.Tell(new DeleteSnapshot(metadata), TestActor);
        ExpectMsg<DeleteSnapshotSuccess>();
    }
}
