using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Streams;
using Anima.Actors.Faults;
using Anima.Actors.Journal;
using Anima.Actors.Protocol;
using Anima.Actors.Runtime;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// <c>/user/session-index</c>: the session list. A projection of every session's events, kept current from
/// the bus (every event is published after it is persisted) and checkpointed against the journal's tagged
/// events (Akka.Persistence.Query) in SQLite: at start it reads only what is new since the checkpoint, and
/// while running it polls nothing — an idle brain stays idle.
/// </summary>
/// <remarks>
/// Its own writes failing (a full disk) never stop it: the list in memory stays right, the rows wait and are saved
/// again later, with a growing pause; a journal it cannot read is tried again at the next checkpoint. It used to
/// throw and restart at once, again and again, on a full disk: two busy cores, a log growing by megabytes a second,
/// and no answer to <c>status</c>, which waits for the list.
/// </remarks>
public sealed class SessionIndex : ReceiveActor, IWithStash, IWithTimers
{
    private static readonly TimeSpan SaveAfter = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    private readonly SessionIndexStore _store;
    private readonly IRequiredActor<SessionRegistryKey> _findRegistry;
    private readonly Dictionary<string, SessionSummary> _sessions = [];
    private readonly HashSet<string> _openTurns = [];
    private readonly Dictionary<string, IndexRow> _unsaved = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _offset;
    private bool _eventsSinceCheckpoint;
    private bool _live;
    private IMaterializer? _materializer;
    private TimeSpan _retrySave = FirstRetry;
    private IActorRef _registry = ActorRefs.Nobody;

    public SessionIndex(SessionIndexStore store, IRequiredActor<SessionRegistryKey> registry)
    {
        _store = store;
        _findRegistry = registry;

        // The registry found (registered before or after the index), the index listens and catches up.
        Receive<RegistryFound>(found =>
        {
            _registry = found.Registry;
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.AllSessions, Self));
        });
        Receive<Status.Failure>(failure => throw failure.Cause);
        Receive<SubscribeAck>(_ => CatchUp());
        Receive<JournalStream.Started>(_ => Sender.Tell(JournalStream.Ack.Instance));
        Receive<IReadOnlyList<EventEnvelope>>(batch =>
        {
            ProjectJournal(batch);

            // The stream waits for this ack: rows and offset are saved before the next batch is read.
            SaveAsync().PipeTo(Self, Sender);
        });
        Receive<Saved>(_ =>
        {
            SavedOk();
            Sender.Tell(JournalStream.Ack.Instance);
        });
        Receive<SaveFailed>(failed =>
        {
            // The list goes on from memory; what was not saved waits for the next save.
            SaveFailedWith(failed);
            Sender.Tell(JournalStream.Ack.Instance);
        });
        Receive<JournalStream.Completed>(_ => Live());
        Receive<JournalStream.Failed>(Failed);

        // Until the list has caught up with the journal it would answer with a stale list: questions wait too.
        Receive<Journaled>(_ => Stash.Stash());
        Receive<ListSessions>(_ => Stash.Stash());
        Receive<FindSession>(_ => Stash.Stash());
        Receive<StatusQuery>(_ => Stash.Stash());
    }

    /// <summary>Fills in the session count of a status another actor started.</summary>
    public sealed record StatusQuery(BrainStatus Status, IActorRef ReplyTo);

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="registry">The sessions, which the index resumes open turns through; found whenever registered.</param>
    public static Props Props(SessionIndexStore store, IRequiredActor<SessionRegistryKey> registry) =>
        Akka.Actor.Props.Create(() => new SessionIndex(store, registry));

    public static Props Props(SessionIndexStore store, IActorRef registry) => Props(store, new KnownActor<SessionRegistryKey>(registry));

    protected override void PreStart()
    {
        _store.EnsureCreated();
        var (sessions, offset) = _store.Load();
        foreach (var (session, openTurn) in sessions)
        {
            _sessions[session.SessionId] = session;
            if (openTurn)
            {
                _openTurns.Add(session.SessionId);
            }
        }

        _offset = offset;
        _materializer = Context.Materializer();

        // Listen first, so nothing published from now on is missed; then read what the checkpoint lacks. Both once
        // the registry is found: the first catch-up ends by resuming open turns through it.
        Registered.FindAsync(_findRegistry).PipeTo(Self, success: registry => new RegistryFound(registry));
    }

    private void CatchUp() =>
        JournalStream.RunInto(
            JournalStream.ReadJournal(Context.System).CurrentEventsByTag(SessionEventTagger.Tag, Offset.Sequence(_offset)),
            500,
            Self,
            _materializer!);

    /// <summary>Caught up: the first time, resume the turns the brain was stopped in; then follow the bus.</summary>
    private void Live()
    {
        if (!_live)
        {
            _live = true;
            _log.Info("Session list caught up: {0} sessions, journal offset {1}; resuming {2} open turn(s)", _sessions.Count, _offset, _openTurns.Count);
            foreach (var sessionId in _openTurns)
            {
                _registry.Tell(new ResumeTurn(sessionId));
            }

            // Clients open the most recent session first (the TUI, 'anima ask'): loaded now, its first screen after
            // a start does not wait for its recovery (a long session's snapshot and the events after it).
            if (_sessions.Count > 0)
            {
                _registry.Tell(new GetSessionInfo(_sessions.Values.MaxBy(s => s.UpdatedAt)!.SessionId), ActorRefs.Nobody);
            }
        }

        Become(() =>
        {
            Receive<Journaled>(journaled =>
            {
                Project(journaled.SessionId, journaled.Seq, journaled.Event);
                _eventsSinceCheckpoint = true;
                Timers.StartSingleTimer(nameof(SaveDue), SaveDue.Instance, SaveAfter);
            });
            Receive<SaveDue>(_ => SaveAsync().PipeTo(Self));
            Receive<Saved>(_ => SavedOk());
            Receive<SaveFailed>(SaveFailedWith);
            Receive<CheckpointDue>(_ =>
            {
                // The bus carries no journal offset: now and then, read forward from the checkpoint (the
                // events are already counted, so this only moves the offset a restart starts from).
                if (_eventsSinceCheckpoint)
                {
                    _eventsSinceCheckpoint = false;
                    Become(CheckingPoint);
                    CatchUp();
                }
            });
            Receive<JournalStream.Failed>(Failed);
            Queries();
        });
        Timers.StartPeriodicTimer(nameof(CheckpointDue), CheckpointDue.Instance, CheckpointEvery);
        if (_unsaved.Count > 0 && !Timers.IsTimerActive(nameof(SaveDue)))
        {
            Timers.StartSingleTimer(nameof(SaveDue), SaveDue.Instance, _retrySave);
        }

        Stash.UnstashAll();
    }

    private void CheckingPoint()
    {
        Receive<JournalStream.Started>(_ => Sender.Tell(JournalStream.Ack.Instance));
        Receive<IReadOnlyList<EventEnvelope>>(batch =>
        {
            ProjectJournal(batch);

            Sender.Tell(JournalStream.Ack.Instance);
        });
        Receive<JournalStream.Completed>(_ =>
        {
            SaveAsync().PipeTo(Self);
            Live();
        });
        Receive<Saved>(_ => SavedOk());
        Receive<SaveFailed>(SaveFailedWith);
        Receive<SaveDue>(_ => { }); // the checkpoint's own save, at its end, takes what waits
        Receive<Journaled>(_ => Stash.Stash());
        Receive<JournalStream.Failed>(Failed);
        Queries();
    }

    private void Queries()
    {
        Receive<ListSessions>(list => Sender.Tell(new SessionList(
            _sessions.Values.OrderByDescending(s => s.UpdatedAt).Take(Math.Max(1, list.Limit)).ToArray())));
        Receive<FindSession>(find => Sender.Tell(Find(find.IdOrPrefix)));
        Receive<StatusQuery>(query => query.ReplyTo.Tell(query.Status with { SessionCount = _sessions.Count }));
    }

    /// <summary>The session with this id, or the one whose id starts with it: ids are long to type.</summary>
    private object Find(string idOrPrefix)
    {
        var wanted = idOrPrefix.Trim().ToLowerInvariant();
        if (wanted.Length == 0)
        {
            return new RequestFailed("No session id given. List sessions with './anima sessions'.");
        }

        if (_sessions.TryGetValue(wanted, out var exact))
        {
            return new SessionFound(exact);
        }

        var matches = _sessions.Values.Where(s => s.SessionId.StartsWith(wanted, StringComparison.Ordinal))
            .OrderByDescending(s => s.UpdatedAt)
            .ToList();
        return matches.Count switch
        {
            1 => new SessionFound(matches[0]),
            0 => new RequestFailed($"There is no session '{idOrPrefix}'. List sessions with './anima sessions'."),
            _ => new RequestFailed(
                $"'{idOrPrefix}' is the start of {matches.Count} session ids ({string.Join(", ", matches.Take(5).Select(m => m.SessionId))}"
                + (matches.Count > 5 ? ", …" : string.Empty) + "): type more of the id."),
        };
    }

    /// <summary>
    /// Reading the journal failed: the list goes on from what it has (the bus keeps it current) and reads again at
    /// the next checkpoint, instead of restarting at once and failing the same way in a loop.
    /// </summary>
    private void Failed(JournalStream.Failed failed)
    {
        var fault = Fault(failed.Cause);
        FaultLog.Get(Context.System).Error(_log, fault.Kind.ToString(), $"The session list could not read the journal: {fault.Sentence} It reads again in {CheckpointEvery.TotalSeconds:0} s.");
        _eventsSinceCheckpoint = true;
        Live();
    }

    private void SavedOk() => _retrySave = FirstRetry;

    private void SaveFailedWith(SaveFailed failed)
    {
        foreach (var row in failed.Rows)
        {
            _unsaved.TryAdd(row.Summary.SessionId, row); // a newer row of the same session wins
        }

        var fault = Fault(failed.Cause);
        FaultLog.Get(Context.System).Error(_log, fault.Kind.ToString(), $"The session list could not be saved: {fault.Sentence} It tries again in {_retrySave.TotalSeconds:0} s.");
        Timers.StartSingleTimer(nameof(SaveDue), SaveDue.Instance, _retrySave);
        _retrySave = TimeSpan.FromTicks(Math.Min(_retrySave.Ticks * 2, LongestRetry.Ticks));
    }

    private StorageFault Fault(Exception cause)
    {
        var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
        return StorageFault.From(cause, file) ?? StorageFault.Unexpected(cause, file);
    }

    private void ProjectJournal(IReadOnlyList<EventEnvelope> batch)
    {
        foreach (var envelope in batch)
        {
            if (envelope.Event is ISessionEvent evt && envelope.PersistenceId.StartsWith("session-", StringComparison.Ordinal))
            {
                Project(envelope.PersistenceId["session-".Length..], envelope.SequenceNr, evt);
            }

            if (envelope.Offset is Sequence sequence)
            {
                _offset = Math.Max(_offset, sequence.Value);
            }
        }
    }

    /// <summary>Counts an event once: per session, only a sequence number above the last one counted changes anything.</summary>
    private void Project(string sessionId, long seq, ISessionEvent evt)
    {
        var current = _sessions.GetValueOrDefault(sessionId);
        if (current is not null && seq <= current.LastSeq)
        {
            return;
        }

        var next = Apply(current, sessionId, seq, evt);
        _sessions[sessionId] = next;
        if (evt is UserMessage or ToolCall or ToolResponse)
        {
            _openTurns.Add(sessionId);
        }
        else if (evt is AgentMessage or SystemMessage)
        {
            _openTurns.Remove(sessionId);
        }

        _unsaved[sessionId] = new IndexRow(next, _openTurns.Contains(sessionId));
    }

    /// <summary>Saves what changed since the last save; completes with <see cref="Saved"/> or <see cref="SaveFailed"/>.</summary>
    private Task<object> SaveAsync()
    {
        var rows = _unsaved.Values.ToArray();
        _unsaved.Clear();
        return _store.SaveAsync(rows, _offset).ContinueWith(
            saving => saving.IsCompletedSuccessfully ? Saved.Instance : (object)new SaveFailed(rows, saving.Exception!.GetBaseException()),
            TaskScheduler.Default);
    }

    /// <summary>Idempotent: an event already counted (same or lower sequence number) changes nothing.</summary>
    public static SessionSummary Apply(SessionSummary? current, string sessionId, long seq, ISessionEvent evt)
    {
        if (current is not null && seq <= current.LastSeq)
        {
            return current;
        }

        current ??= new SessionSummary(sessionId, string.Empty, 0, evt.At, evt.At, 0);
        return current with
        {
            Title = current.Title.Length > 0 ? current.Title : SessionTitle.From(evt) ?? string.Empty,
            MessageCount = current.MessageCount + (evt is UserMessage or AgentMessage ? 1 : 0),
            CreatedAt = evt is SessionStarted ? evt.At : current.CreatedAt,
            WorkingDirectory = evt is SessionStarted started ? started.WorkingDirectory : current.WorkingDirectory,
            UpdatedAt = evt.At,
            LastSeq = seq,
        };
    }

    private sealed record RegistryFound(IActorRef Registry);

    private sealed record SaveFailed(IReadOnlyList<IndexRow> Rows, Exception Cause);

    private sealed class Saved
    {
        public static readonly Saved Instance = new();
    }

    private sealed class SaveDue
    {
        public static readonly SaveDue Instance = new();
    }

    private sealed class CheckpointDue
    {
        public static readonly CheckpointDue Instance = new();
    }
}

public sealed class SessionIndexKey;

public static class SessionIndexHosting
{
    public static AkkaConfigurationBuilder AddSessionIndex(this AkkaConfigurationBuilder builder, string connectionString) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<SessionIndexKey>(system.ActorOf(
                SessionIndex.Props(new SessionIndexStore(connectionString), resolver.GetService<IRequiredActor<SessionRegistryKey>>()),
                "session-index")));
}
