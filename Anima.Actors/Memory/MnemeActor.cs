using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Streams;
using Anima.Actors.Journal;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Actors.Runtime;
using Anima.Actors.Usage;
using Anima.Client;
using Anima.Messages.Memory;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Memory;

/// <summary>
/// <c>/user/mneme</c>: the semantic memory. A subscriber on the bus: every user and agent message of every session
/// becomes a memory word for word, with how the agent felt then (asked of Thymos, the mind's one door); an eviction
/// (<see cref="Evicted"/>, from a session's loop) is summarised in the background — a batch of events into a level-1
/// summary, and level-1 summaries, once <see cref="MnemeSettings.DigestAfter"/> wait, into a level-2 digest. Summaries,
/// pins, forgets and eviction marks go through its child <see cref="MnemeJournal"/>, which journals them first.
/// </summary>
/// <remarks>
/// The bus is heard only while Mneme runs: at start, and every <see cref="CheckpointEvery"/> while it hears messages,
/// it reads the journal's session events from where its store says it stopped (<see cref="MemoryStore.JournalReadTo"/>),
/// so a message journaled while it was down (a brain killed between the journal's write and Mneme's) is remembered,
/// and what the bus brought already is not written twice (a memory is unique by session, kind and range). A message
/// read from the journal carries how the agent felt at its time, read from the session's mind stream
/// (<see cref="MindHistory"/>), not the mind's levels of the moment it is read.
/// Everything it does is a task piped back: the store's writes one at a time, the summariser's model call with the
/// agent's backoff. What is left to summarise is read from the store, so a brain killed mid-summary starts again
/// where it was (a summary is unique by its range: written once, never twice), and a summariser that is down
/// (outage, bad credentials) leaves the events recallable word for word and catches up once it answers.
/// </remarks>
public sealed class MnemeActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan MindPatience = TimeSpan.FromSeconds(2);

    /// <summary>How often, while messages come, the journal is read forward: it only moves where a restart reads from.</summary>
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(30);

    private const int JournalBatch = 200;

    /// <summary>How long after its journal child stopped (a failed write) Mneme starts it again.</summary>
    private static readonly TimeSpan JournalRestart = TimeSpan.FromSeconds(5);

    private readonly MemoryStore _store;
    private readonly ProviderSource _providers;
    private readonly MnemeSettings _settings;
    private readonly BackoffPolicy _backoff;
    private readonly IRequiredActor<Mind.ThymosKey>? _findMind;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, List<Journaled>> _awaitingFeeling = new(StringComparer.Ordinal);
    private readonly Queue<Write> _writes = new();
    private readonly Dictionary<string, long> _evicted = new(StringComparer.Ordinal);
    private readonly Mind.MindConfig? _mindConfig;
    private Write? _writing;
    private bool _readingJournal;
    private bool _readThrough;

    /// <summary>A batch of the journal is on its way into the file; the read's end, when it comes meanwhile, waits for it.</summary>
    private bool _batchInFlight;
    private bool _endedWithBatchInFlight;
    private Dictionary<string, MindHistory>? _histories;
    private bool _heardSinceCheckpoint;
    private IMaterializer? _materializer;
    private bool _summarising;
    private int _failures;
    private IActorRef? _journal;
    private int _journalIncarnation;
    private bool _caughtUp;
    private IActorRef? _mind;

    /// <param name="mind">Thymos, found whenever it is registered; null for a brain without a mind.</param>
    public MnemeActor(MemoryStore store, ProviderSource providers, MnemeSettings settings, BackoffPolicy backoff, IRequiredActor<Mind.ThymosKey>? mind)
    {
        _store = store;
        _providers = providers;
        _settings = settings;
        _backoff = backoff;
        _findMind = mind;

        // The mind's hormones as configured (baseline, range, half-life): what its journaled levels are read with.
        _mindConfig = mind is null ? null : Mind.MindConfig.Parse(Context.System.Settings.Config);

        // Listening first, then reading the journal: nothing journaled from now on can fall between the two. Both once
        // the mind is found, which every memory asks how the agent felt.
        Receive<MindFound>(found =>
        {
            _mind = found.Mind;
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.AllSessions, Self));
        });
        Receive<MindMissing>(missing => throw missing.Cause);
        Receive<SubscribeAck>(_ => ReadJournal());
        Receive<Journaled>(journaled =>
        {
            _heardSinceCheckpoint = true;
            Heard(journaled);
        });
        Receive<JournalStream.Started>(_ => Sender.Tell(JournalStream.Ack.Instance));
        Receive<IReadOnlyList<Akka.Persistence.Query.EventEnvelope>>(batch => FromJournal(batch, Sender));
        // The sink tells the read's end without waiting for the last batch's ack: read through once that batch is written.
        Receive<JournalStream.Completed>(_ =>
        {
            if (_batchInFlight)
            {
                _endedWithBatchInFlight = true;
                return;
            }

            ReadThrough();
        });
        Receive<JournalStream.Failed>(failed =>
        {
            _readingJournal = false;
            _histories = null;
            _batchInFlight = _endedWithBatchInFlight = false;
            _heardSinceCheckpoint = true; // read again at the next checkpoint
            _log.Warning("Mneme could not read the journal ({0}); it reads again in {1} s", failed.Cause.Message, CheckpointEvery.TotalSeconds);
        });
        Receive<CheckpointDue>(_ =>
        {
            if (_heardSinceCheckpoint && !_readingJournal)
            {
                _heardSinceCheckpoint = false;
                ReadJournal();
            }
        });
        Receive<MindReport>(report => Felt(report.SessionId, Feeling.From(report.Hormones)));
        Receive<FeelingOverdue>(overdue => Felt(overdue.SessionId, Feeling.None));
        Receive<Written>(_ =>
        {
            if (_writing?.Ack is { } stream)
            {
                stream.Tell(JournalStream.Ack.Instance);
                _batchInFlight = false;
                if (_endedWithBatchInFlight)
                {
                    ReadThrough();
                }
            }

            _writing = null;
            WriteNext();
            Summarise();
        });
        Receive<Status.Failure>(failure =>
        {
            // A batch from the journal that could not be written is not acknowledged: the stream stops there, and
            // the next checkpoint reads it again (its offset was not saved).
            if (_writing?.Ack is not null)
            {
                _readingJournal = false;
                _histories = null;
                _batchInFlight = _endedWithBatchInFlight = false;
            }

            _writing = null;
            _heardSinceCheckpoint = true;
            _log.Warning("Mneme could not write memories: {0}", failure.Cause.Message);
            WriteNext();
        });
        Receive<Write>(write =>
        {
            _writes.Enqueue(write);
            WriteNext();
        });
        Receive<BatchUnread>(unread =>
        {
            // As a write that failed: the batch is not acknowledged, and the next checkpoint reads it again.
            _readingJournal = false;
            _histories = null;
            _batchInFlight = _endedWithBatchInFlight = false;
            _heardSinceCheckpoint = true;
            _log.Warning("Mneme could not read how the agent felt for messages of the journal: {0}", unread.Cause.GetBaseException().Message);
        });
        Receive<Evicted>(evicted =>
        {
            // A loop started again evicts to where it was: only a mark that moves is journaled (one event a batch).
            if (_evicted.TryGetValue(evicted.SessionId, out var known) && known >= evicted.BeforeSeq)
            {
                return;
            }

            _evicted[evicted.SessionId] = evicted.BeforeSeq;
            if (_journal is not null)
            {
                _journal.Tell(new MnemeJournal.RecordEviction(evicted.SessionId, evicted.BeforeSeq));
                return;
            }

            // The journal's writer is down: the file keeps the mark, and the writer journals it when it starts again.
            var store = _store;
            Task.Run(() => store.MarkEvicted(evicted.SessionId, evicted.BeforeSeq)).PipeTo(Self, success: () => Marked.Instance, failure: ex => new MarkFailed(ex));
        });
        Receive<Marked>(_ => Summarise());
        Receive<MnemeJournal.EvictionRecorded>(recorded =>
        {
            if (recorded.Problem is { } problem)
            {
                _log.Warning("Mneme could not save how far the viewport of session {0} moved: {1}", recorded.SessionId, problem);
            }

            Summarise();
        });

        // Mneme's stream: what only its file held (summaries, pins, forgets, eviction marks) is journaled by its child
        // first; a file made again from it knows every session's mark, and summarising resumes from there.
        Receive<MnemeJournal.CaughtUp>(caughtUp =>
        {
            foreach (var (session, before) in caughtUp.Evicted)
            {
                _evicted[session] = Math.Max(_evicted.GetValueOrDefault(session), before);
            }

            _caughtUp = true;
            Summarise();
        });
        Receive<ForgetMemory>(forget => _journal?.Forward(forget));
        Receive<MnemeJournal.Record>(record => _journal?.Forward(record));
        Receive<SummaryMade>(made => _journal?.Tell(new MnemeJournal.Record(made.Memory)));
        Receive<MnemeJournal.Recorded>(recorded =>
        {
            if (recorded.Problem is { } problem)
            {
                Self.Tell(new SummaryFailed(problem, null));
                return;
            }

            _summarising = false;
            _failures = 0;
            Summarise();
        });
        Receive<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(_journal))
            {
                return;
            }

            // Stopped by a failed write (a full disk): started again in a while, and summarising waits for it. The marks
            // it may not have journaled are kept in the file, which it journals from when it starts again.
            _journal = null;
            _caughtUp = false;
            _summarising = false;
            var store = _store;
            var marks = _evicted.ToArray();
            Task.Run(() =>
            {
                foreach (var (session, before) in marks)
                {
                    store.MarkEvicted(session, before);
                }
            }).PipeTo(Self, success: () => Marked.Instance, failure: ex => new MarkFailed(ex));
            Timers.StartSingleTimer(nameof(StartJournal), StartJournal.Instance, JournalRestart);
        });
        Receive<StartJournal>(_ => StartJournalActor());

        // Summarised from memory meanwhile; a restart before the next eviction summarises up to the last one saved.
        Receive<MarkFailed>(failed => _log.Warning("Mneme could not save how far a viewport moved: {0}", failed.Cause.Message));
        Receive<Resume>(_ => Summarise());
        Receive<NothingToSummarise>(_ => _summarising = false);
        Receive<SummaryFailed>(failed =>
        {
            _summarising = false;
            if (_journal is null)
            {
                return; // summarising starts again with the journal
            }

            _failures++;
            var delay = _backoff.Delay(Math.Min(_failures, Math.Max(1, _backoff.MaxAttempts)), Random.Shared.NextDouble());
            if (failed.RetryAfter is { } after && after > delay)
            {
                delay = after;
            }

            // Never given up: the events stay recallable word for word, and the summary is made once the model answers.
            _log.Warning("Mneme's summary failed ({0}); trying again in {1:0.#} s", failed.Reason, delay.TotalSeconds);
            Timers.StartSingleTimer("summarise", Resume.Instance, delay);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(MemoryStore store, ProviderSource providers, MnemeSettings settings, BackoffPolicy backoff, IRequiredActor<Mind.ThymosKey>? mind) =>
        Akka.Actor.Props.Create(() => new MnemeActor(store, providers, settings, backoff, mind));

    protected override void PreStart()
    {
        _materializer = Context.Materializer();
        Registered.FindIfAnyAsync(_findMind).PipeTo(Self, success: mind => new MindFound(mind), failure: ex => new MindMissing(ex));
        Timers.StartPeriodicTimer(nameof(CheckpointDue), CheckpointDue.Instance, CheckpointEvery);

        // What a stopped brain left unsummarised is summarised once the journal's writer has caught up (it brings the marks).
        StartJournalActor();
    }

    private void StartJournalActor()
    {
        _journal = Context.ActorOf(MnemeJournal.Props(_store), "journal-" + ++_journalIncarnation);
        Context.Watch(_journal);
    }

    private void Heard(Journaled journaled)
    {
        if (Remembered(journaled) is null)
        {
            return;
        }

        if (!_awaitingFeeling.TryGetValue(journaled.SessionId, out var waiting))
        {
            waiting = [];
            _awaitingFeeling[journaled.SessionId] = waiting;
            AskFeeling(journaled.SessionId);
        }

        waiting.Add(journaled);
    }

    private void AskFeeling(string sessionId)
    {
        if (_mind is null)
        {
            Self.Tell(new FeelingOverdue(sessionId));
        }
        else
        {
            _mind.Tell(new GetMind(sessionId));
            Timers.StartSingleTimer("feeling-" + sessionId, new FeelingOverdue(sessionId), MindPatience);
        }
    }

    /// <summary>The journal is read to its end and what it held is in the file: summarising may start.</summary>
    private void ReadThrough()
    {
        _readingJournal = false;
        _histories = null;
        _endedWithBatchInFlight = false;
        _readThrough = true;
        Summarise();
    }

    /// <summary>Reads the journal's session events from where the store says Mneme stopped, in batches, with back-pressure.</summary>
    private void ReadJournal()
    {
        if (_readingJournal)
        {
            return;
        }

        _readingJournal = true;
        var from = _store.JournalReadTo();
        JournalStream.RunInto(
            JournalStream.ReadJournal(Context.System).CurrentEventsByTag(SessionEventTagger.Tag, Offset.Sequence(from)),
            JournalBatch,
            Self,
            _materializer!);
    }

    /// <summary>
    /// A batch read from the journal: those of its messages the file lacks are written with the batch's offset, each
    /// with how the agent felt at its time, read from the session's mind stream (<see cref="MindHistory"/>, once a
    /// read); the stream reads on once they are. Messages the bus brought already cost a lookup, not a mind read.
    /// </summary>
    private void FromJournal(IReadOnlyList<Akka.Persistence.Query.EventEnvelope> batch, IActorRef stream)
    {
        var heard = new List<NewMemory>();
        long offset = 0;
        foreach (var envelope in batch)
        {
            if (envelope.Offset is Sequence sequence)
            {
                offset = Math.Max(offset, sequence.Value);
            }

            if (envelope.Event is ISessionEvent evt && envelope.PersistenceId.StartsWith(SessionPrefix, StringComparison.Ordinal))
            {
                var journaled = new Journaled(envelope.PersistenceId[SessionPrefix.Length..], envelope.SequenceNr, evt);
                if (Remembered(journaled) is not null)
                {
                    heard.Add(Memory(journaled, Feeling.None));
                }
            }
        }

        _batchInFlight = true;
        var store = _store;
        var config = _mind is null ? null : _mindConfig;
        var histories = _histories ??= new Dictionary<string, MindHistory>(StringComparer.Ordinal);
        var system = Context.System;
        var materializer = _materializer!;
        Task.Run(async () =>
        {
            var missing = heard.Count == 0 ? [] : store.Unknown(heard);
            if (config is null)
            {
                return new Write(missing, offset, stream);
            }

            var felt = new List<NewMemory>(missing.Count);
            foreach (var memory in missing)
            {
                if (!histories.TryGetValue(memory.SessionId, out var history))
                {
                    history = await MindHistory.ReadAsync(config, memory.SessionId, system, materializer).ConfigureAwait(false);
                    histories[memory.SessionId] = history;
                }

                felt.Add(memory with { Feeling = history.At(memory.At) });
            }

            return new Write(felt, offset, stream);
        }).PipeTo(Self, failure: ex => new BatchUnread(ex));
    }

    private static NewMemory Memory(Journaled j, Feeling feeling) =>
        new(j.SessionId, MemoryKind.Event, j.Seq, j.Seq, Remembered(j)!, j.Event.At, feeling);

    /// <summary>A message worth remembering word for word, as it reads in a memory: who said it, and what.</summary>
    private static string? Remembered(Journaled journaled) => journaled.Event switch
    {
        UserMessage { Text: { Length: > 0 } text } => "user: " + text,
        AgentMessage { Text: { Length: > 0 } text } => "agent: " + text,
        _ => null,
    };

    private void Felt(string sessionId, Feeling feeling)
    {
        Timers.Cancel("feeling-" + sessionId);
        if (!_awaitingFeeling.Remove(sessionId, out var heard))
        {
            return;
        }

        _writes.Enqueue(new Write([.. heard.Select(j => Memory(j, feeling))], null, null));
        WriteNext();
    }

    private void WriteNext()
    {
        if (_writing is not null || !_writes.TryDequeue(out var write))
        {
            return;
        }

        _writing = write;
        var store = _store;
        Task.Run(() => store.Add(write.Memories, write.JournalOffset)).PipeTo(Self, success: _ => Written.Instance, failure: ex => new Status.Failure(ex));
    }

    /// <summary>One summary at a time: the oldest evicted events of a session without one, or level-1 summaries to digest.</summary>
    private void Summarise()
    {
        // Not held back by writes: under a steady stream of messages there is always one, and summaries starved
        // (a 200-turn session made none); what the summary reads is what is written by the time it starts.
        // After the first read of the journal: a file made again summarises whole batches of messages, not the first few.
        if (_summarising || _evicted.Count == 0 || !_caughtUp || !_readThrough)
        {
            return;
        }

        _summarising = true;
        var store = _store;
        var settings = _settings;
        var evicted = _evicted.ToArray();
        var providers = _providers;
        var ledger = UsageLedger.Get(Context.System);
        Task.Run(async () =>
        {
            foreach (var (session, before) in evicted)
            {
                var (level, items) = NextWork(store, settings, session, before);
                if (items.Count == 0)
                {
                    continue;
                }

                var (provider, missing) = providers.Current();
                if (provider is null)
                {
                    return (object)new SummaryFailed(missing ?? "no credentials", null);
                }

                try
                {
                    var text = await Summariser.RunAsync(provider, Summariser.Request(level, items, settings), CancellationToken.None, usage =>
                        ledger.Record(new BilledCall(session, null, level == MemoryKind.Digest ? CallKind.Digest : CallKind.Summary, settings.SummaryModel, usage, DateTimeOffset.UtcNow))).ConfigureAwait(false);
                    var feeling = MostSalient(items);
                    return new SummaryMade(new NewMemory(session, level, items[0].FromSeq, items[^1].ToSeq, text, items[^1].At, feeling));
                }
                catch (ProviderException ex)
                {
                    return new SummaryFailed(ex.Message, ex.RetryAfter);
                }
            }

            return NothingToSummarise.Instance;
        }).PipeTo(Self, failure: ex => new SummaryFailed(ex.Message, null));
    }

    /// <summary>Digests first (they free the most of the budget), then the oldest evicted events of the session.</summary>
    private static (MemoryKind Level, IReadOnlyList<MemoryEntry> Items) NextWork(MemoryStore store, MnemeSettings settings, string session, long before)
    {
        var undigested = store.Undigested(session);
        if (undigested.Count >= settings.DigestAfter)
        {
            return (MemoryKind.Digest, [.. undigested.Take(settings.DigestAfter)]);
        }

        return (MemoryKind.Summary, [.. store.Unsummarised(session, before).Take(settings.SummaryBatch)]);
    }

    /// <summary>A summary keeps the strongest feeling among what it covers.</summary>
    private static Feeling MostSalient(IReadOnlyList<MemoryEntry> items)
    {
        var strongest = items.MaxBy(i => i.Salience)!;
        return new Feeling(strongest.Levels, strongest.Salience, strongest.Feeling);
    }

    private const string SessionPrefix = "session-";

    private sealed record FeelingOverdue(string SessionId);

    private sealed record MindFound(IActorRef? Mind);

    private sealed record MindMissing(Exception Cause);

    private sealed record MarkFailed(Exception Cause);

    /// <summary>Memories to write; from the journal, with how far it was read and the stream waiting for them.</summary>
    private sealed record Write(IReadOnlyList<NewMemory> Memories, long? JournalOffset, IActorRef? Ack);

    /// <summary>A batch from the journal whose feelings could not be read: not acknowledged, read again.</summary>
    private sealed record BatchUnread(Exception Cause);

    private sealed record CheckpointDue
    {
        public static readonly CheckpointDue Instance = new();
    }

    private sealed record Written
    {
        public static readonly Written Instance = new();
    }

    private sealed record Marked
    {
        public static readonly Marked Instance = new();
    }

    private sealed record Resume
    {
        public static readonly Resume Instance = new();
    }

    /// <summary>A summary the model made, to be journaled and written.</summary>
    private sealed record SummaryMade(NewMemory Memory);

    private sealed record StartJournal
    {
        public static readonly StartJournal Instance = new();
    }

    private sealed record NothingToSummarise
    {
        public static readonly NothingToSummarise Instance = new();
    }

    private sealed record SummaryFailed(string Reason, TimeSpan? RetryAfter);
}

/// <summary>The key under which Akka.Hosting registers <see cref="MnemeActor"/>.</summary>
public sealed class MnemeKey;
