using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Snapshot;

namespace Anima.Bench;

/// <summary>
/// A journal that keeps nothing and acknowledges every write at once: the same actors, messages and
/// acknowledgements as on SQLite with no storage in the way, i.e. the most any journal could give through
/// Akka.Persistence. (Akka's in-memory journal is no such ceiling: it copies an immutable list per write, and
/// costs more the more it holds.) Sessions written here are new, so nothing needs replaying.
/// </summary>
public sealed class NullJournal : AsyncWriteJournal
{
    private static readonly Task<IImmutableList<Exception?>> AllKept = Task.FromResult<IImmutableList<Exception?>>(null!);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) => AllKept;

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task ReplayMessagesAsync(
        IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        Task.CompletedTask;

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        Task.FromResult(0L);
}

/// <summary>The snapshot store beside <see cref="NullJournal"/>: takes every snapshot, keeps none.</summary>
public sealed class NullSnapshotStore : SnapshotStore
{
    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Task.FromResult<SelectedSnapshot?>(null);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) => Task.CompletedTask;
}
