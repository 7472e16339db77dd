using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Anima.Actors.Faults;
using Anima.Actors.Journal;
using Anima.Messages.Clients;
using Anima.Messages.Memory;

namespace Anima.Actors.Memory;

/// <summary>
/// <c>/user/mneme/journal</c> (persistent, <see cref="MnemeStream.PersistenceId"/>): the one writer of Mneme's stream
/// in the journal. A summary, a pin, a forget or an eviction mark is journaled, then applied to the store (which saves,
/// in the same transaction, how far the stream is applied), then answered — one at a time, in the stream's order. At
/// start it applies what the store lacks of the stream (all of it, into a new file), journals the eviction marks only
/// the file held, holding every request meanwhile, and tells its parent (<see cref="CaughtUp"/>).
/// </summary>
/// <remarks>
/// Nothing is recovered into the actor (<see cref="Recovery.None"/>: it holds no state but its sequence number); the
/// store is the state, and the stream is read into it from its own offset, with back-pressure. A store write that
/// fails sends it back to catching up from the store's offset, so no event is passed over.
/// </remarks>
public sealed class MnemeJournal : ReceivePersistentActor, IWithTimers
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private const int Batch = 100;

    private readonly MemoryStore _store;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>A batch of the stream is being written; the stream's end, when it comes meanwhile, waits for it.</summary>
    private bool _applying;
    private bool _endedWhileApplying;

    public MnemeJournal(MemoryStore store)
    {
        _store = store;
        CatchingUp();
    }

    public override string PersistenceId => MnemeStream.PersistenceId;

    public override Recovery Recovery => Recovery.None;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(MemoryStore store) => Akka.Actor.Props.Create(() => new MnemeJournal(store));

    /// <summary>Journal a summary, a digest or a pin, then write it; answered with <see cref="Recorded"/>.</summary>
    public sealed record Record(NewMemory Memory);

    /// <summary>The memory written (its id), or none when it was there already; <paramref name="Problem"/> when it could not be.</summary>
    public sealed record Recorded(IReadOnlyList<long> Ids, string? Problem = null);

    /// <summary>
    /// Journal a session's viewport moving (one batch eviction), then write the mark; answered with
    /// <see cref="EvictionRecorded"/>.
    /// </summary>
    public sealed record RecordEviction(string SessionId, long BeforeSeq);

    /// <summary>The mark journaled and written; <paramref name="Problem"/> when it could not be.</summary>
    public sealed record EvictionRecorded(string SessionId, string? Problem = null);

    /// <summary>
    /// Journal → its parent: the store has the whole stream; what depends on it (summarising) may start, up to
    /// <paramref name="Evicted"/> (every session's eviction mark, as the file now holds them).
    /// </summary>
    public sealed record CaughtUp(IReadOnlyDictionary<string, long> Evicted);

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Self.Tell(StartCatchUp.Instance);
    }

    /// <summary>A write that failed (a full disk) stops this actor, as Akka stops every persistent actor; its parent starts it again.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
        var fault = StorageFault.From(cause, file) ?? StorageFault.Unexpected(cause, file);
        FaultLog.Get(Context.System).Error(_log, fault.Kind.ToString(), $"Mneme could not journal a memory: {fault.Sentence}");
    }

    private void CatchingUp()
    {
        Command<StartCatchUp>(_ =>
        {
            var store = _store;
            Task.Run(() => new Start(store.StreamAppliedTo(), store.HoldsUnjournaled() ? store.Unjournaled() : null))
                .PipeTo(Self, failure: ex => new CatchUpFailed(ex));
        });
        Command<Start>(Begin);
        Command<JournalStream.Started>(_ => Sender.Tell(JournalStream.Ack.Instance));
        Command<IReadOnlyList<EventEnvelope>>(batch =>
        {
            _applying = true;
            var store = _store;
            var stream = Sender;
            Task.Run(() =>
            {
                foreach (var envelope in batch)
                {
                    MnemeStream.Apply(store, envelope.SequenceNr, envelope.Event);
                }
            }).PipeTo(Self, success: () => new BatchApplied(stream), failure: ex => new CatchUpFailed(ex));
        });

        // A batch that could not be written is not acknowledged: that read stops, and the next starts from the store's offset.
        Command<BatchApplied>(applied =>
        {
            _applying = false;
            applied.Stream.Tell(JournalStream.Ack.Instance);
            if (_endedWhileApplying)
            {
                StreamApplied();
            }
        });

        // The sink tells the stream's end without waiting for the last batch's ack: caught up once that batch is written.
        Command<JournalStream.Completed>(_ =>
        {
            if (_applying)
            {
                _endedWhileApplying = true;
                return;
            }

            StreamApplied();
        });
        Command<Read>(JournalMarks);
        Command<MarksJournaled>(journaled =>
        {
            Context.Parent.Tell(new CaughtUp(journaled.Evicted));
            Ready();
        });
        Command<JournalStream.Failed>(failed => Self.Tell(new CatchUpFailed(failed.Cause)));
        Command<CatchUpFailed>(failed =>
        {
            _applying = false;
            _endedWhileApplying = false;
            _log.Warning("Mneme could not bring its memory file up to its journal ({0}); it tries again in {1} s", failed.Cause.GetBaseException().Message, RetryAfter.TotalSeconds);
            Timers.StartSingleTimer(nameof(StartCatchUp), StartCatchUp.Instance, RetryAfter);
        });
        Command<Imported>(_ => Self.Tell(new Start(LastSequenceNr, null)));
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>
    /// Reads the stream from where the store stopped. A file from before the stream, with a stream still empty, has
    /// its summaries, pins and forgets journaled first, so a file made again later keeps them.
    /// </summary>
    private void Begin(Start start)
    {
        if (LastSequenceNr == 0 && start.Unjournaled is { } held)
        {
            var events = held.Forgets.Select(f => (IMnemeEvent)MnemeStream.Forgotten(f.Key, f.By, f.At))
                .Concat(held.Made.Select(m => MnemeStream.Made(MnemeStream.Memory(m))))
                .ToList();
            var left = events.Count;
            PersistAll(events, _ =>
            {
                if (--left > 0)
                {
                    return;
                }

                _log.Info("Mneme journaled the {0} summaries, pins and forgets its file alone held", events.Count);
                var store = _store;
                var upTo = LastSequenceNr;
                Task.Run(() => store.MarkStreamApplied(upTo)).PipeTo(Self, success: () => Imported.Instance, failure: ex => new CatchUpFailed(ex));
            });
            return;
        }

        var from = start.AppliedTo;
        if (from > LastSequenceNr)
        {
            // The journal holds less of the stream than the file has applied (a journal replaced): read all it has.
            _log.Warning("Mneme's file has applied {0} events of its stream, the journal holds {1}; it reads them all again", from, LastSequenceNr);
            from = 0;
        }

        JournalStream.RunInto(
            JournalStream.ReadJournal(Context.System).CurrentEventsByPersistenceId(PersistenceId, from + 1, long.MaxValue),
            Batch,
            Self,
            Context.Materializer());
    }

    /// <summary>The whole stream is in the file: what the file alone holds of the eviction marks is read.</summary>
    private void StreamApplied()
    {
        _endedWhileApplying = false;
        var store = _store;
        Task.Run(() => new Read(store.UnjournaledEvictions(), store.Evicted()))
            .PipeTo(Self, failure: ex => new CatchUpFailed(ex));
    }

    /// <summary>
    /// The eviction marks the file alone holds (a file from before evictions were journaled, or one written while this
    /// actor was down) are journaled before anything else, so a file made again later summarises from them too.
    /// </summary>
    private void JournalMarks(Read read)
    {
        if (read.Unjournaled.Count == 0)
        {
            Self.Tell(new MarksJournaled(read.Evicted));
            return;
        }

        var events = read.Unjournaled.Select(m => MnemeStream.Evicted(m.Key, m.Value, DateTimeOffset.UtcNow)).ToList();
        var left = events.Count;
        PersistAll(events, _ =>
        {
            if (--left > 0)
            {
                return;
            }

            var store = _store;
            var upTo = LastSequenceNr;
            Task.Run(() =>
            {
                var seq = upTo - events.Count;
                foreach (var evicted in events)
                {
                    store.MarkEvicted(evicted.SessionId, evicted.BeforeSeq, ++seq);
                }
            }).PipeTo(Self, success: () => new MarksJournaled(read.Evicted), failure: ex => new CatchUpFailed(ex));
        });
    }

    private void Ready()
    {
        Become(() =>
        {
            Command<Record>(record =>
            {
                var replyTo = Sender;
                Busy();
                Persist(MnemeStream.Made(record.Memory), _ =>
                {
                    var store = _store;
                    var seq = LastSequenceNr;
                    Task.Run(() => store.Add([record.Memory], null, seq))
                        .PipeTo(Self, success: ids => new Applied(replyTo, new Recorded(ids)), failure: ex => new ApplyFailed(replyTo, new Recorded([], ex.GetBaseException().Message), ex));
                });
            });
            Command<RecordEviction>(evicted =>
            {
                var replyTo = Sender;
                Busy();
                Persist(MnemeStream.Evicted(evicted.SessionId, evicted.BeforeSeq, DateTimeOffset.UtcNow), _ =>
                {
                    var store = _store;
                    var seq = LastSequenceNr;
                    Task.Run(() => store.MarkEvicted(evicted.SessionId, evicted.BeforeSeq, seq))
                        .PipeTo(Self, success: () => new Applied(replyTo, new EvictionRecorded(evicted.SessionId)), failure: ex => new ApplyFailed(replyTo, new EvictionRecorded(evicted.SessionId, ex.GetBaseException().Message), ex));
                });
            });
            Command<ForgetMemory>(forget =>
            {
                var replyTo = Sender;
                Busy();
                var store = _store;
                Task.Run(() => store.Get(forget.Id))
                    .PipeTo(Self, success: memory => new Resolved(forget, memory, replyTo), failure: ex => new ApplyFailed(replyTo, new RequestFailed(ex.GetBaseException().Message), ex));
            });
        });
        Stash.UnstashAll();
    }

    /// <summary>One request at a time: the next waits until this one is journaled, written and answered.</summary>
    private void Busy() => Become(() =>
    {
        Command<Resolved>(Forget);
        Command<Applied>(applied =>
        {
            applied.ReplyTo.Tell(applied.Reply);
            Ready();
        });
        Command<ApplyFailed>(failed =>
        {
            _log.Warning("Mneme could not write to its memory file: {0}", failed.Cause.GetBaseException().Message);
            failed.ReplyTo.Tell(failed.Reply);
            Become(CatchingUp);
            Self.Tell(StartCatchUp.Instance);
        });
        CommandAny(_ => Stash.Stash());
    });

    private void Forget(Resolved resolved)
    {
        if (resolved.Memory is not { } memory)
        {
            resolved.ReplyTo.Tell(new RequestFailed($"there is no memory #{resolved.Request.Id} (forgotten already, or never made). 'anima memory' lists them."));
            Ready();
            return;
        }

        Persist(MnemeStream.Forgotten(memory.Key, resolved.Request.By, DateTimeOffset.UtcNow), forgotten =>
        {
            var store = _store;
            var seq = LastSequenceNr;
            var replyTo = resolved.ReplyTo;
            Task.Run(() => store.Forget(memory.Key, forgotten.By, forgotten.At, seq))
                .PipeTo(
                    Self,
                    success: done => new Applied(replyTo, done is { } d
                        ? new ForgetRecorded(memory.Id, MnemeStream.Name(memory.Kind), memory.SessionId, Opening(memory.Text), d.Summaries)
                        : new RequestFailed($"Memory #{memory.Id} was forgotten already.")),
                    failure: ex => new ApplyFailed(replyTo, new RequestFailed($"The forget of #{memory.Id} is journaled, but the memory file could not be written ({ex.GetBaseException().Message}); it is applied when it can be."), ex));
        });
    }

    /// <summary>A memory's first words, for the answer: the user sees what went, not a page of it.</summary>
    private static string Opening(string text) => text.Length <= 200 ? text : text[..199] + "…";

    private sealed record StartCatchUp
    {
        public static readonly StartCatchUp Instance = new();
    }

    private sealed record Start(long AppliedTo, (IReadOnlyList<(MemoryKey Key, DateTimeOffset At, string By)> Forgets, IReadOnlyList<MemoryEntry> Made)? Unjournaled);

    private sealed record Imported
    {
        public static readonly Imported Instance = new();
    }

    private sealed record CatchUpFailed(Exception Cause);

    /// <summary>The file's eviction marks once the stream is applied: those it alone holds, and all of them.</summary>
    private sealed record Read(IReadOnlyDictionary<string, long> Unjournaled, IReadOnlyDictionary<string, long> Evicted);

    private sealed record MarksJournaled(IReadOnlyDictionary<string, long> Evicted);

    private sealed record BatchApplied(IActorRef Stream);

    private sealed record Resolved(ForgetMemory Request, MemoryEntry? Memory, IActorRef ReplyTo);

    private sealed record Applied(IActorRef ReplyTo, object Reply);

    private sealed record ApplyFailed(IActorRef ReplyTo, object Reply, Exception Cause);
}
