using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite;

/// <summary>
/// Akka's journal on a SQLite file. Writes from every persistent actor meet in one
/// <see cref="GroupCommitWriter"/> queue and share commits; reads (recovery) run on pooled connections,
/// never on this actor's thread.
/// </summary>
public sealed class SqliteJournal : AsyncWriteJournal
{
    private readonly SqliteStore _store;
    private readonly EventCodec _codec;

    public SqliteJournal(Config config)
    {
        var system = (ExtendedActorSystem)Context.System;
        var settings = config.WithFallback(SqlitePersistence.DefaultJournalConfiguration);
        _store = SqlitePersistence.Get(system).Open(SqliteStoreSettings.From(settings, Self.Path.Name));
        _codec = new EventCodec(system, NonEmpty(settings.GetString("serializer", string.Empty)));
    }

    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var (rows, rejections) = _codec.WithTransport(messages, Rows);
        if (rows.Count > 0)
        {
            await _store.Writer.Write(store => rows.ForEach(store.InsertEvent)).ConfigureAwait(false);
        }

        // Null: every write was kept (Akka's own shortcut, no list to walk).
        return rejections?.ToImmutableList()!;
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
                recoveryCallback(_codec.Read(reader).Event);
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

    internal static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The rows of every write; a write whose events cannot be serialized adds none and is rejected.</summary>
    private (List<EventRow> Rows, List<Exception?>? Rejections) Rows(IEnumerable<AtomicWrite> messages)
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

        return (rows, rejections);
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
                rows.Add(_codec.ToRow(events[i]));
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
}
