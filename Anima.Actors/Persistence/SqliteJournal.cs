using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Anima.Actors.Persistence;

/// <summary>
/// Akka's journal on the brain's SQLite file. Writes from every persistent actor meet in one
/// <see cref="GroupCommitWriter"/> queue and share commits; reads (recovery) run on pooled connections,
/// never on this actor's thread.
/// </summary>
public sealed class SqliteJournal : AsyncWriteJournal
{
    private readonly SqliteStore _store = SqliteStore.Get(Context.System);

    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var rows = new List<EventRow>();
        List<Exception?>? rejections = null;
        var writes = 0;
        foreach (var write in messages)
        {
            var rejection = AddRows(write, rows);
            if (rejection is not null)
            {
                rejections ??= [.. Enumerable.Repeat<Exception?>(null, writes)];
            }

            rejections?.Add(rejection);
            writes++;
        }

        if (rows.Count > 0)
        {
            await _store.Writer.Write(store => rows.ForEach(store.InsertEvent)).ConfigureAwait(false);
        }

        // Null: every write was kept (Akka's own shortcut, no list to walk).
        return rejections?.ToImmutableList()!;
    }

    /// <summary>Adds the rows of <paramref name="write"/>, all or none; returns why none, when its events could not be serialized.</summary>
    private Exception? AddRows(AtomicWrite write, List<EventRow> rows)
    {
        var kept = rows.Count;
        try
        {
            var events = (IImmutableList<IPersistentRepresentation>)write.Payload;
            for (var i = 0; i < events.Count; i++)
            {
                rows.Add(_store.Codec.ToRow(events[i]));
            }

            return null;
        }
        catch (Exception ex)
        {
            // Akka rejects this write (the actor hears why and goes on); the others are kept.
            rows.RemoveRange(kept, rows.Count - kept);
            return ex;
        }
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _store.Writer.Write(writes => writes.DeleteEvents(persistenceId, toSequenceNr));

    public override Task ReplayMessagesAsync(
        IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        _store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = StreamQueries.Events("$max");
            command.Parameters.AddWithValue("$pid", persistenceId);
            command.Parameters.AddWithValue("$from", fromSequenceNr);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                recoveryCallback(_store.Codec.Read(reader).Event);
            }

            return NotUsed.Instance;
        });

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = StreamQueries.Highest;
            command.Parameters.AddWithValue("$pid", persistenceId);
            return (long)command.ExecuteScalar()!;
        });
}
