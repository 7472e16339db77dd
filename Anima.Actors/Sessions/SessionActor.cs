using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Anima.Actors.Agent;
using Anima.Actors.Faults;
using Anima.Actors.Protocol;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// One session's event stream and its only writer. Persists, then tells its followers (the clients' feeds) and
/// publishes on the bus for the mind and the session list; snapshots every N events; asks its parent to passivate
/// it when idle and unfollowed.
/// </summary>
/// <remarks>
/// Followers hear from the session itself rather than from a bus topic of their own: a topic per session cost an
/// actor in the mediator per session ever attached (a compiled expression to create, kilobytes kept for its
/// time-to-live) and a hop per event and per streamed delta.
/// <para>
/// A write the journal could not make (a full disk, a database deleted under the brain) stops the actor, as Akka
/// stops every persistent actor whose write failed. Before it stops it tells its followers why (live: the notice
/// itself cannot be saved) and its registry, which hands the fault to the next incarnation: that one never resumes
/// the turn the failure cut off (on a full disk it answered and failed again, over 10,000 model calls in minutes),
/// and tries once to close it with a system message.
/// </para>
/// </remarks>
public sealed class SessionActor : ReceivePersistentActor
{
    /// <summary>Idle checks per <see cref="SessionSettings.PassivateAfter"/>: a session stops between 1 and 1.5 times that after its last message.</summary>
    private const int IdleChecksToPassivate = 2;

    private readonly SessionSettings _settings;
    private readonly AgentServices? _agentServices;
    private readonly IActorRef _mediator;
    private readonly HashSet<IActorRef> _followers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PostedMessages _posted = new();
    private readonly HashSet<string> _posting = new(StringComparer.Ordinal);
    private SessionState _state;
    private IActorRef _agent = ActorRefs.Nobody;
    private bool _turnActive;

    // The running model call's streamed text and thinking, and the retry being waited out: what a client that
    // attaches mid-turn is given first (TurnInFlight), so it shows the answer whole. Memory only, never persisted.
    private readonly System.Text.StringBuilder _liveText = new();
    private readonly System.Text.StringBuilder _liveThinking = new();
    private RetryNotice? _liveRetry;

    // What memory brought back for the last turn, for a client that attaches after it (its memory view). Kept while the
    // session is loaded: a recall is derived from memory, not part of the conversation, so it is never journaled.
    private MemoryRecalled? _lastRecall;
    private bool _turnLive; // between the TurnStarted and TurnEnded the followers were told of
    private bool _resumeDeclined; // an open turn found at recovery that is not resumed
    private int _idleChecks;
    private ICancelable? _idleCheckTimer;

    // Calls approved in this incarnation that have no result yet: the loop may run them. One approved before a restart
    // may have been running when the brain stopped, and is closed as interrupted instead.
    private readonly HashSet<string> _freshApprovals = new(StringComparer.Ordinal);

    // Refined token counts of large events; memory only: the estimate is a fine fallback after a restart.
    private readonly Dictionary<long, int> _countedTokens = [];

    // Who waits for each user message being written, in the order they were handed to the journal.
    private readonly Queue<(IActorRef ReplyTo, string? CorrelationId)> _unacknowledged = new();

    // The write failure that stopped the previous incarnation, until a write succeeds again.
    private SessionFault? _fault;

    /// <param name="agent">What the agent needs to answer; null for a session that only records (specs, tools).</param>
    /// <param name="fault">Why the previous incarnation stopped, when a write of its failed (given by the registry).</param>
    public SessionActor(string sessionId, SessionSettings settings, AgentServices? agent = null, SessionFault? fault = null)
    {
        _settings = settings;
        _agentServices = agent;
        _fault = fault;
        _state = SessionState.Empty(sessionId);
        PersistenceId = "session-" + sessionId;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Recover<SnapshotOffer>(offer =>
        {
            _state = SessionState.FromSnapshot((SessionSnapshot)offer.Snapshot, _settings.TailCapacity);
            foreach (var journaled in _state.Tail)
            {
                _posted.Note(journaled);
            }
        });
        Recover<ISessionEvent>(evt => Evolve(new Journaled(SessionId, LastSequenceNr, evt)));

        Active();
    }

    public string SessionId => _state.SessionId;

    /// <summary>Built once: Akka reads it for every event persisted.</summary>
    public override string PersistenceId { get; }

    public static Props Props(string sessionId, SessionSettings settings, AgentServices? agent = null, SessionFault? fault = null) =>
        Akka.Actor.Props.Create(() => new SessionActor(sessionId, settings, agent, fault));

    private string DatabaseFile => Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");

    /// <summary>A restart forgets the followers: they follow again and catch up from the new tail.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var follower in _followers)
        {
            follower.Tell(new FollowAgain(SessionId));
        }

        base.PreRestart(reason, message);
    }

    /// <remarks>
    /// Idleness is counted here, not with a receive timeout: that reschedules a timer for every message the
    /// session gets (two per event persisted), which was 8–10 % of the journal's throughput under load.
    /// </remarks>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is not IdleCheck)
        {
            _idleChecks = 0;
        }

        return base.AroundReceive(receive, message);
    }

    protected override void PostStop()
    {
        _idleCheckTimer?.Cancel();
        base.PostStop();
    }

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        // The scheduler's own repeated tell, not the actor's timers: those arrive wrapped, and every message that is
        // not an idle check counts as activity.
        var interval = _settings.PassivateAfter / IdleChecksToPassivate;
        _idleCheckTimer = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(interval, interval, Self, IdleCheck.Instance, Self);
        if (!_state.Exists)
        {
            Become(Unborn);
            return;
        }

        StartAgent();
        if (!TurnPlanner.IsOpen(_state.Tail) || _agentServices is null)
        {
            return;
        }

        if (_fault is null && TurnPlanner.Next(ConversationOrder.Arrange(_state.Tail)) is TurnStep.ResumeApproval)
        {
            // Waiting for the user calls no model: it is not counted as a resume, however often the brain restarts.
            _agent.Tell(Wake.Instance);
            return;
        }

        if (_fault is not null)
        {
            // Not from here: nothing may be persisted until recovery has completed.
            Self.Tell(CloseTurn.Instance);
            return;
        }

        // Counted before the model is called again: a turn that keeps stopping the brain (or this session) is
        // closed after a few tries instead of being answered at every start.
        var lastSeq = _state.LastSeq;
        ResumeLedger.Get(Context.System).RecordAsync(SessionId, lastSeq).PipeTo(
            Self,
            success: count => new ResumeCounted(lastSeq, count, null),
            failure: ex => new ResumeCounted(lastSeq, 0, ex));
    }

    /// <summary>The turn this session was stopped in: resume it, unless it was resumed too often without getting further.</summary>
    private void Resume(ResumeCounted counted)
    {
        if (counted.LastSeq != _state.LastSeq || !TurnPlanner.IsOpen(_state.Tail))
        {
            return; // something new arrived meanwhile, and woke the agent itself
        }

        if (counted.Failure is { } failure)
        {
            // If a resume cannot even be counted, it is not made: it could be the next of many.
            var fault = StorageFault.From(failure, DatabaseFile) ?? StorageFault.Unexpected(failure, DatabaseFile);
            FaultLog.Get(Context.System).Error(_log, fault.Kind.ToString(), $"Session {SessionId} was stopped mid-turn and is not resumed: {fault.Sentence}");
            ToFollowers(new SystemNotice(SessionId, $"The turn this session was stopped in is not resumed: {fault.Sentence}", SystemMessageLevel.Error));
            _resumeDeclined = true;
            return;
        }

        var maxResumes = _agentServices!.Settings.MaxResumes;
        if (counted.Count > maxResumes)
        {
            _log.Warning("Session {0}: its turn was resumed {1} times without getting further; closing it", SessionId, maxResumes);
            Persist(
                new SystemMessage(
                    $"This turn was stopped and resumed {(maxResumes == 1 ? "once" : $"{maxResumes} times")} without getting any further, so it is closed "
                    + "(anima.agent.max-resumes). Send a message to go on.",
                    DateTimeOffset.UtcNow,
                    SystemMessageLevel.Error),
                evt => Commit(evt));
            return;
        }

        _log.Info("Session {0} was stopped mid-turn; resuming it ({1} of at most {2})", SessionId, counted.Count, maxResumes);
        _agent.Tell(Wake.Instance);
    }

    /// <summary>
    /// The previous incarnation stopped because a write failed, mid-turn: the turn is not resumed. The first
    /// incarnation after the fault records that the turn stopped (the disk may have room again by now); if that
    /// fails too, the next ones leave the stream alone until the user writes.
    /// </summary>
    private void CloseAfterFault()
    {
        if (_fault is not { } fault || !TurnPlanner.IsOpen(_state.Tail))
        {
            return; // a write has succeeded since (the user wrote again): the session is going on
        }

        if (!fault.MayClose)
        {
            _log.Info("Session {0}: not resuming the turn a failed write stopped", SessionId);
            return;
        }

        _log.Info("Session {0}: closing the turn a failed write stopped", SessionId);
        var now = DateTimeOffset.UtcNow;
        var closing = new List<ISessionEvent>();
        if (TurnPlanner.Next(ConversationOrder.Arrange(_state.Tail)) is TurnStep.CloseDangling dangling)
        {
            // Their results were lost with the write: said here, so no client shows them running for ever.
            closing.AddRange(dangling.Calls.Select(call => new ToolResponse(
                call.CallId,
                $"The result of this tool could not be saved ({fault.Fault.Problem}); it may have finished. Check its effects before running it again.",
                IsError: true,
                now)));
        }

        closing.Add(new SystemMessage($"The turn stopped: {fault.Fault.Problem}. {Capitalized(fault.Fault.Remedy)}, then send a message to go on.", now, SystemMessageLevel.Error));
        PersistAll(closing, evt => Commit(evt));
    }

    private void StartAgent()
    {
        if (_agentServices is not null && _agent.IsNobody())
        {
            _agent = Context.ActorOf(AgentSupervisor.Props(SessionId, Self, _agentServices, _state.WorkingDirectory), "agent");
        }
    }

    /// <summary>No such session yet: only <see cref="StartSession"/> brings it to life.</summary>
    private void Unborn()
    {
        Command<StartSession>(Start);
        Command<ISessionCommand>(_ =>
        {
            Sender.Tell(new RequestFailed($"There is no session '{SessionId}'. List sessions with './anima sessions'."));
            Context.Stop(Self);
        });
        Command<IdleCheck>(_ => CheckIdle());
    }

    private void Active()
    {
        Command<StartSession>(Start);
        Command<AppendUserMessage>(AppendUser);
        Command<AppendEvents>(Append);
        Command<PublishTransient>(cmd =>
        {
            Track(cmd.Event);
            ToFollowers(cmd.Event);
        });
        Command<FollowSession>(_ =>
        {
            Sender.Tell(new SessionTail(_state.Tail, InFlight: InFlight()));
            if (_followers.Add(Sender))
            {
                Context.Watch(Sender);
            }
        });
        Command<Terminated>(terminated => _followers.Remove(terminated.ActorRef));
        Command<GetSessionInfo>(_ => Sender.Tell(new SessionInfo(SessionId, _state.Title, _state.LastSeq, _state.MessageCount, _turnActive)));
        Command<GetTail>(_ =>
        {
            var tail = _state.Tail;
            if (_countedTokens.Count > 0)
            {
                _countedTokens.Keys.Where(seq => tail.Count == 0 || seq < tail[0].Seq).ToList().ForEach(seq => _countedTokens.Remove(seq));
            }

            Sender.Tell(new SessionTail(tail, _countedTokens.Count == 0 ? null : new Dictionary<long, int>(_countedTokens), Permissions: Permissions));
        });
        Command<TokensCounted>(counted => _countedTokens[counted.Seq] = counted.Tokens);
        Command<DecideApproval>(DecideApproval);
        Command<ChangePermissionMode>(ChangeMode);
        Command<InterruptTurn>(interrupt => _agent.Forward(interrupt));
        Command<ResumeTurn>(_ => { });
        Command<TurnActive>(active => _turnActive = active.Active);
        Command<ResumeCounted>(Resume);
        Command<CloseTurn>(_ => CloseAfterFault());
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => FaultLog.Get(Context.System).Warning(
            _log, "snapshot", $"Snapshot of {PersistenceId} failed ({failure.Cause.GetBaseException().Message}); recovery replays more events"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "Deleting old snapshots of {0} failed", PersistenceId));
        Command<IdleCheck>(_ => CheckIdle());
    }

    /// <summary>Quiet for long enough, no turn running and nobody following: ask the registry to passivate it.</summary>
    private void CheckIdle()
    {
        if (++_idleChecks > IdleChecksToPassivate && !_turnActive && _followers.Count == 0)
        {
            Context.Parent.Tell(new SessionRegistry.Passivate(SessionId));
        }
    }

    private void Start(StartSession cmd)
    {
        if (_state.Exists)
        {
            Sender.Tell(new SessionCreated(SessionId));
            return;
        }

        _unacknowledged.Enqueue((Sender, null));
        Persist(new SessionStarted(cmd.Title, DateTimeOffset.UtcNow, cmd.WorkingDirectory), evt =>
        {
            _unacknowledged.Dequeue();
            Commit(evt);
            Become(Active);
            StartAgent();
            Sender.Tell(new SessionCreated(SessionId));
        });
    }

    /// <remarks>
    /// <c>PersistAsync</c>: a message appends to the stream whatever the state, so the session need not hold its
    /// mailbox until the write is acknowledged. Messages that arrive while one is being written go to the journal
    /// together, as one write, once it is; the events, their acknowledgements and the followers keep their order.
    /// A post whose correlation id the session has journaled is answered with the first acknowledgement and not
    /// journaled again (<see cref="PostedMessages"/>); one that arrives while the first is being written waits for it.
    /// </remarks>
    private void AppendUser(AppendUserMessage cmd)
    {
        if (string.IsNullOrWhiteSpace(cmd.Text))
        {
            // The API refuses an empty text block: stored, it would fail every later call of the session.
            Sender.Tell(new RequestFailed("The message is empty: there is nothing to send.", cmd.CorrelationId));
            return;
        }

        var id = cmd.CorrelationId is { Length: > 0 } given ? given : null;
        if (id is not null && _posted.TryGetSeq(id, out var seq))
        {
            Sender.Tell(new UserMessageAccepted(SessionId, seq, id));
            return;
        }

        if (id is not null && !_posting.Add(id))
        {
            // After the write in flight (its handler runs first): answered from it, or, if it was refused, written now.
            var sender = Sender;
            DeferAsync(cmd, again =>
            {
                if (!_posted.TryGetSeq(id, out _))
                {
                    _posting.Remove(id);
                }

                Self.Tell(again, sender);
            });
            return;
        }

        _unacknowledged.Enqueue((Sender, cmd.CorrelationId));
        PersistAsync(new UserMessage(cmd.Text, DateTimeOffset.UtcNow, id), evt =>
        {
            _unacknowledged.Dequeue();
            var journaled = Commit(evt);
            if (id is not null)
            {
                _posting.Remove(id);
            }

            Sender.Tell(new UserMessageAccepted(SessionId, journaled.Seq, cmd.CorrelationId));
            _resumeDeclined = false;
            _agent.Tell(Wake.Instance);
        });
    }

    /// <summary>
    /// Akka stops the actor after this. Everyone who waits hears why — the followers live, since nothing can be
    /// saved — and the registry keeps the fault for the next incarnation. Logged once a minute per kind of fault.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var fault = StorageFault.From(cause, DatabaseFile) ?? StorageFault.Unexpected(cause, DatabaseFile);
        var what = @event switch
        {
            UserMessage => "a message",
            SystemMessage => "a system message",
            ToolResponse => "a tool result",
            _ => "the turn's next step",
        };
        FaultLog.Get(Context.System).Error(_log, fault.Kind.ToString(), $"Session {SessionId}: could not save {what} (event {sequenceNr}): {fault.Sentence}");

        if (@event is SystemMessage unsaved)
        {
            ToFollowers(new SystemNotice(SessionId, unsaved.Text, unsaved.Level));
        }

        if (@event is not UserMessage)
        {
            ToFollowers(new SystemNotice(SessionId, $"The turn stopped: {fault.Problem}, so Anima could not save {what}. {Capitalized(fault.Remedy)}, then send a message to go on.", SystemMessageLevel.Error));
            ToFollowers(new TurnEnded(SessionId, TurnOutcome.Failed));
        }

        while (_unacknowledged.TryDequeue(out var waiting))
        {
            var lost = waiting.CorrelationId is null ? "The session was not created" : "Your message was not saved";
            waiting.ReplyTo.Tell(new RequestFailed($"{lost}: {fault.Problem}. {Capitalized(fault.Remedy)}, then try again.", waiting.CorrelationId));
        }

        Context.Parent.Tell(new SessionRegistry.WriteFailed(SessionId, fault));
    }

    private void Append(AppendEvents cmd)
    {
        if (cmd.Events.Count == 0)
        {
            Sender.Tell(new EventsAppended(SessionId, _state.LastSeq));
            return;
        }

        var remaining = cmd.Events.Count;
        PersistAll(cmd.Events, evt =>
        {
            Commit(evt);
            if (--remaining == 0)
            {
                Sender.Tell(new EventsAppended(SessionId, _state.LastSeq));
            }
        });
    }

    /// <summary>The event is durable: evolve, publish, and snapshot when due.</summary>
    private Journaled Commit(ISessionEvent evt)
    {
        if (_fault is not null)
        {
            // Writes work again: the registry forgets the fault.
            _fault = null;
            Context.Parent.Tell(new SessionRegistry.WritesWork(SessionId));
        }

        var journaled = new Journaled(SessionId, LastSequenceNr, evt);
        Evolve(journaled);
        if (evt is ToolResponse response)
        {
            _freshApprovals.Remove(response.CallId);
        }

        if (evt is AgentMessage)
        {
            // The streamed text is in the journal now: a client attaching from here on reads it there.
            ClearLive();
        }

        ToFollowers(journaled);
        _mediator.Tell(new Publish(Topics.AllSessions, journaled));
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
        {
            SaveSnapshot(_state.ToSnapshot());
        }

        return journaled;
    }

    private void Evolve(Journaled journaled)
    {
        _state = _state.Apply(journaled, _settings.TailCapacity);
        if (journaled.Event is UserMessage)
        {
            _posted.Note(journaled);
        }

        _posted.ForgetBefore(_state.Tail[0].Seq);
    }

    /// <summary>Keeps what a client attaching mid-turn needs of the live signals: the model call's text so far.</summary>
    private void Track(ITransientEvent transient)
    {
        switch (transient)
        {
            case TextDelta delta:
                _liveText.Append(delta.Text);
                _liveRetry = null;
                break;
            case ThinkingDelta thinking:
                _liveThinking.Append(thinking.Text);
                _liveRetry = null;
                break;
            case RetryNotice retry:
                // The next attempt streams its answer from the start.
                ClearLive();
                _liveRetry = retry;
                break;
            case TurnStarted:
                ClearLive();
                _turnLive = true;
                break;
            case TurnEnded:
                ClearLive();
                _turnLive = false;
                break;
            case MemoryRecalled recalled:
                _lastRecall = recalled;
                break;
        }
    }

    private void ClearLive()
    {
        _liveText.Clear();
        _liveThinking.Clear();
        _liveRetry = null;
    }

    /// <summary>
    /// The turn as it stands. Running while the agent runs one (or the followers were told one started), or while the
    /// journal says one is due and will be: a message not answered yet, a tool call without its result, in a session
    /// just recovered whose agent has not resumed it yet — unless a failed write stopped it, or it is not resumed.
    /// </summary>
    private TurnInFlight InFlight()
    {
        var due = _agentServices is not null && _fault is null && !_resumeDeclined && TurnPlanner.IsOpen(_state.Tail);
        return (_turnActive || _turnLive || due
            ? new TurnInFlight(SessionId, true, _liveText.ToString(), _liveThinking.ToString(), _liveRetry, _lastRecall)
            : TurnInFlight.Idle(SessionId) with { Recalled = _lastRecall }) with { Mode = Mode };
    }

    /// <summary>The session's mode: its own, or the configured default.</summary>
    private PermissionMode Mode => _state.Mode ?? _agentServices?.Settings.Permissions?.DefaultMode ?? PermissionMode.Ask;

    private SessionPermissions Permissions => new(_state.Mode, _state.AllowRules ?? [], new HashSet<string>(_freshApprovals));

    /// <summary>
    /// The first answer to a call waiting for approval wins: <c>Persist</c> holds the mailbox until it is written, so
    /// a second answer arriving meanwhile finds the call answered. The agent hears it once it is journaled.
    /// </summary>
    private void DecideApproval(DecideApproval cmd)
    {
        if (Approvals.Open(_state.Tail, cmd.CallId) is not { } request)
        {
            Sender.Tell(new RequestFailed($"The tool call {cmd.CallId} is not waiting for approval (it was answered already, or interrupted)."));
            return;
        }

        var decision = cmd.Decision == ApprovalDecision.Always && request.Rule is null ? ApprovalDecision.Approve : cmd.Decision;
        var rule = decision == ApprovalDecision.Always ? request.Rule : null;
        Persist(new ApprovalAnswered(cmd.CallId, decision, cmd.By, DateTimeOffset.UtcNow, rule), evt =>
        {
            var journaled = Commit(evt);
            if (decision != ApprovalDecision.Deny)
            {
                _freshApprovals.Add(cmd.CallId);
            }

            Sender.Tell(new ApprovalRecorded(SessionId, cmd.CallId, decision, journaled.Seq));
            if (rule is not null)
            {
                _agent.Tell(new PermissionsChanged(Permissions));
            }

            _agent.Tell(new ApprovalGiven(cmd.CallId, decision, rule));
        });
    }

    private void ChangeMode(ChangePermissionMode cmd)
    {
        if (_state.Mode == cmd.Mode)
        {
            Sender.Tell(new PermissionModeSet(SessionId, cmd.Mode));
            return;
        }

        Persist(new PermissionModeChanged(cmd.Mode, cmd.By, DateTimeOffset.UtcNow), evt =>
        {
            Commit(evt);
            Sender.Tell(new PermissionModeSet(SessionId, cmd.Mode));
            _agent.Tell(new PermissionsChanged(Permissions));
        });
    }

    private void ToFollowers(object message)
    {
        foreach (var follower in _followers)
        {
            follower.Tell(message);
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record ResumeCounted(long LastSeq, int Count, Exception? Failure);

    private sealed class CloseTurn
    {
        public static readonly CloseTurn Instance = new();
    }

    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }
}
