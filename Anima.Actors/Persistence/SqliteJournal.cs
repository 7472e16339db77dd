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
        var rejections = ImmutableList.CreateBuilder<Exception?>();
        foreach (var write in messages)
        {
            try
            {
                rows.AddRange(((IImmutableList<IPersistentRepresentation>)write.Payload).Select(_store.Codec.ToRow).ToList());
                rejections.Add(null);
            }
            catch (Exception ex)
            {
                // Could not be serialized: Akka rejects this write (the actor hears why and goes on); the others are kept.
                rejections.Add(ex);
            }
        }

        if (rows.Count > 0)
        {
            await _store.Writer.Write(writes => rows.ForEach(writes.InsertEvent)).ConfigureAwait(false);
        }

        return rejections.Any(r => r is not null) ? rejections.ToImmutable() : null!;
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _store.Writer.Write(writes => writes.DeleteEvents(persistenceId, toSequenceNr));

    public override Task ReplayMessagesAsync(
        IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        _store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {EventCodec.Columns} FROM anima_events e
                WHERE e.persistence_id = $pid AND e.sequence_nr BETWEEN $from AND $to
                ORDER BY e.sequence_nr LIMIT $max
                """;
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
            command.CommandText = """
                SELECT MAX(n) FROM (
                  SELECT MAX(sequence_nr) AS n FROM anima_events WHERE persistence_id = $pid
                  UNION ALL SELECT sequence_nr FROM anima_highest_sequence WHERE persistence_id = $pid)
                """;
            command.Parameters.AddWithValue("$pid", persistenceId);
            return command.ExecuteScalar() is long highest ? highest : 0L;
        });
}
