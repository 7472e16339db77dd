using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Anima.Actors.Agent;
using Anima.Actors.Faults;
using Anima.Actors.Protocol;
using Anima.Actors.Runtime;

namespace Anima.Actors.Sessions;

/// <summary>
/// <c>/user/sessions</c>: the one place sessions are addressed by id. Starts session actors on demand
/// and passivates idle ones without losing a message sent meanwhile. A Cluster Sharding region can take
/// its place without touching the session actor or the clients.
/// </summary>
/// <remarks>
/// Once <see cref="SessionSettings.TrimMemoryAfter"/> sessions have gone idle, a <see cref="MemoryTrimmer"/> (its child)
/// gives their memory back.
/// </remarks>
public sealed partial class SessionRegistry : ReceiveActor, IWithStash
{
    private readonly SessionSettings _settings;
    private readonly Func<Task<AgentServices>>? _wireAgent;
    private readonly Dictionary<string, IActorRef> _sessions = [];
    private readonly Dictionary<IActorRef, string> _ids = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _passivating = [];
    private readonly Dictionary<string, SessionFault> _faults = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef? _trimmer;
    private AgentServices? _agent;

    public SessionRegistry(SessionSettings settings, AgentServices? agent = null, Func<Task<AgentServices>>? wireAgent = null)
    {
        _settings = settings;
        _agent = agent;
        _wireAgent = wireAgent;
        _trimmer = settings.TrimMemoryAfter > 0 ? Context.ActorOf(MemoryTrimmer.Props(settings.TrimMemoryAfter), "memory-trimmer") : null;
        if (wireAgent is null)
        {
            Ready();
            return;
        }

        // No session starts before its agent can reach the actors it needs: commands wait until they are found.
        Receive<AgentWired>(wired =>
        {
            _agent = wired.Services;
            Become(Ready);
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(failure => throw failure.Cause);
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    private void Ready()
    {
        Receive<ISessionCommand>(Route);
        Receive<Passivate>(Passivated);
        Receive<WriteFailed>(failed => _faults[failed.SessionId] = _faults.TryGetValue(failed.SessionId, out var known)
            ? known with { Fault = failed.Fault } // closing the turn was tried already: once is enough
            : new SessionFault(failed.Fault, MayClose: true));
        Receive<WritesWork>(works => _faults.Remove(works.SessionId));
        Receive<Terminated>(terminated => Stopped(terminated.ActorRef));
    }

    /// <summary>
    /// A session that throws is stopped, not restarted in place: a restart recovers and resumes its open turn at once,
    /// and a fault that comes back on recovery made that a loop. The next incarnation (the next message, or a
    /// follower following again) starts with the fault, so it closes the turn instead of answering it again.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        if (_ids.TryGetValue(Sender, out var id))
        {
            var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
            var fault = Faults.StorageFault.From(ex, file)
                ?? new Faults.StorageFault(Faults.StorageFaultKind.Other, $"Anima failed unexpectedly ({ex.GetBaseException().Message})", "see the brain's log for details");
            _log.Error(ex, "Session {0} failed; stopping it", id);
            _faults[id] = _faults.TryGetValue(id, out var known) ? known with { Fault = fault } : new SessionFault(fault, MayClose: true);
        }

        return Directive.Stop;
    });

    public const string Name = "sessions";

    /// <summary>Sent by an idle session to its parent.</summary>
    public sealed record Passivate(string SessionId);

    /// <summary>Sent by a session whose write failed, as Akka stops it: its next incarnation must not resume the turn.</summary>
    public sealed record WriteFailed(string SessionId, Faults.StorageFault Fault);

    /// <summary>Sent by a session that inherited a fault once a write of its succeeded.</summary>
    public sealed record WritesWork(string SessionId);

    public static Props Props(SessionSettings settings, AgentServices? agent = null) =>
        Akka.Actor.Props.Create(() => new SessionRegistry(settings, agent, null));

    /// <param name="wireAgent">
    /// The agent's services, with the actors they name (the mind, Mneme) found in the brain's registry whenever those
    /// are registered: the composition (Anima.Host) knows them; the sessions wait for it at each start.
    /// </param>
    public static Props Props(SessionSettings settings, Func<Task<AgentServices>> wireAgent) =>
        Akka.Actor.Props.Create(() => new SessionRegistry(settings, null, wireAgent));

    protected override void PreStart() => _wireAgent?.Invoke().PipeTo(Self, success: services => new AgentWired(services));

    private sealed record AgentWired(AgentServices Services);

    /// <summary>Session ids are short, lowercase and safe in actor names and file names.</summary>
    public static bool IsValidId(string? id) => id is not null && ValidId().IsMatch(id);

    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ValidId();

    private void Route(ISessionCommand command)
    {
        if (command is PublishTransient && (!_sessions.ContainsKey(command.SessionId) || _passivating.ContainsKey(command.SessionId)))
        {
            // Only a running session has followers: a live-only signal for any other has no one to reach.
            return;
        }

        if (command is FollowSession { Lost: { } lost } && _ids.ContainsKey(lost))
        {
            // The follower saw this incarnation stop before the registry did: forget it now, so the follow
            // reaches the next one instead of a dead actor.
            Context.Unwatch(lost);
            Stopped(lost);
        }

        if (_passivating.TryGetValue(command.SessionId, out var buffer))
        {
            buffer.Add((command, Sender));
            return;
        }

        SessionFor(command.SessionId).Forward(command);
    }

    private IActorRef SessionFor(string id)
    {
        if (_sessions.TryGetValue(id, out var session))
        {
            return session;
        }

        // After a failed write, only the first incarnation may try to close the turn it cut off.
        var fault = _faults.GetValueOrDefault(id);
        if (fault is { MayClose: true })
        {
            _faults[id] = fault with { MayClose = false };
        }

        session = Context.ActorOf(SessionActor.Props(id, _settings, _agent, fault), "session-" + id);
        Context.Watch(session);
        _sessions[id] = session;
        _ids[session] = id;
        return session;
    }

    private void Passivated(Passivate passivate)
    {
        if (_sessions.TryGetValue(passivate.SessionId, out var session) && !_passivating.ContainsKey(passivate.SessionId))
        {
            _passivating[passivate.SessionId] = [];
            Context.Stop(session);
        }
    }

    private void Stopped(IActorRef session)
    {
        if (!_ids.Remove(session, out var id))
        {
            return;
        }

        _sessions.Remove(id);
        if (_passivating.Remove(id, out var buffer))
        {
            _trimmer?.Tell(MemoryTrimmer.SessionWentIdle.Instance);

            foreach (var (message, sender) in buffer)
            {
                SessionFor(id).Tell(message, sender);
            }
        }
    }
}
