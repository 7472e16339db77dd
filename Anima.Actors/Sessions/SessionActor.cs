using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Anima.Actors.Agent;
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
    private SessionState _state;
    private IActorRef _agent = ActorRefs.Nobody;
    private bool _turnActive;
    private int _idleChecks;
    private ICancelable? _idleCheckTimer;

    // Refined token counts of large events; memory only: the estimate is a fine fallback after a restart.
    private readonly Dictionary<long, int> _countedTokens = [];

    /// <param name="agent">What the agent needs to answer; null for a session that only records (specs, tools).</param>
    public SessionActor(string sessionId, SessionSettings settings, AgentServices? agent = null)
    {
        _settings = settings;
        _agentServices = agent;
        _state = SessionState.Empty(sessionId);
        PersistenceId = "session-" + sessionId;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Recover<SnapshotOffer>(offer => _state = SessionState.FromSnapshot((SessionSnapshot)offer.Snapshot, _settings.TailCapacity));
        Recover<ISessionEvent>(evt => _state = _state.Apply(new Journaled(SessionId, LastSequenceNr, evt), _settings.TailCapacity));

        Active();
    }

    public string SessionId => _state.SessionId;

    /// <summary>Built once: Akka reads it for every event persisted.</summary>
    public override string PersistenceId { get; }

    public static Props Props(string sessionId, SessionSettings settings, AgentServices? agent = null) =>
        Akka.Actor.Props.Create(() => new SessionActor(sessionId, settings, agent));

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
        if (TurnPlanner.IsOpen(_state.Tail))
        {
            _log.Info("Session {0} was stopped mid-turn; resuming it", SessionId);
            _agent.Tell(Wake.Instance);
        }
    }

    private void StartAgent()
    {
        if (_agentServices is not null && _agent.IsNobody())
        {
            _agent = Context.ActorOf(AgentSupervisor.Props(SessionId, Self, _agentServices), "agent");
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
        Command<PublishTransient>(cmd => ToFollowers(cmd.Event));
        Command<FollowSession>(_ =>
        {
            Sender.Tell(new SessionTail(_state.Tail));
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

            Sender.Tell(new SessionTail(tail, _countedTokens.Count == 0 ? null : new Dictionary<long, int>(_countedTokens)));
        });
        Command<TokensCounted>(counted => _countedTokens[counted.Seq] = counted.Tokens);
        Command<InterruptTurn>(interrupt => _agent.Forward(interrupt));
        Command<ResumeTurn>(_ => { });
        Command<TurnActive>(active => _turnActive = active.Active);
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure => _log.Warning(failure.Cause, "Snapshot of {0} failed; recovery replays more events", PersistenceId));
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

        Persist(new SessionStarted(cmd.Title, DateTimeOffset.UtcNow), evt =>
        {
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
    /// </remarks>
    private void AppendUser(AppendUserMessage cmd)
    {
        PersistAsync(new UserMessage(cmd.Text, DateTimeOffset.UtcNow), evt =>
        {
            var journaled = Commit(evt);
            Sender.Tell(new UserMessageAccepted(SessionId, journaled.Seq, cmd.CorrelationId));
            _agent.Tell(Wake.Instance);
        });
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
        var journaled = new Journaled(SessionId, LastSequenceNr, evt);
        _state = _state.Apply(journaled, _settings.TailCapacity);
        ToFollowers(journaled);
        _mediator.Tell(new Publish(Topics.AllSessions, journaled));
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
        {
            SaveSnapshot(_state.ToSnapshot());
        }

        return journaled;
    }

    private void ToFollowers(object message)
    {
        foreach (var follower in _followers)
        {
            follower.Tell(message);
        }
    }

    private sealed class IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }
}
