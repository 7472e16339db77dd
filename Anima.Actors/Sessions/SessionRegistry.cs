using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Hosting;
using Anima.Actors.Agent;

namespace Anima.Actors.Sessions;

/// <summary>
/// <c>/user/sessions</c>: the one place sessions are addressed by id. Starts session actors on demand
/// and passivates idle ones without losing a message sent meanwhile. A Cluster Sharding region can take
/// its place without touching the session actor or the clients.
/// </summary>
public sealed partial class SessionRegistry : ReceiveActor
{
    private readonly SessionSettings _settings;
    private readonly AgentServices? _agent;
    private readonly Dictionary<string, IActorRef> _sessions = [];
    private readonly Dictionary<IActorRef, string> _ids = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _passivating = [];

    public SessionRegistry(SessionSettings settings, AgentServices? agent = null)
    {
        _settings = settings;
        _agent = agent;
        Receive<ISessionCommand>(Route);
        Receive<Passivate>(Passivated);
        Receive<Terminated>(Stopped);
    }

    /// <summary>Sent by an idle session to its parent.</summary>
    public sealed record Passivate(string SessionId);

    public static Props Props(SessionSettings settings, AgentServices? agent = null) =>
        Akka.Actor.Props.Create(() => new SessionRegistry(settings, agent));

    /// <summary>Session ids are short, lowercase and safe in actor names and file names.</summary>
    public static bool IsValidId(string? id) => id is not null && ValidId().IsMatch(id);

    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ValidId();

    private void Route(ISessionCommand command)
    {
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

        session = Context.ActorOf(SessionActor.Props(id, _settings, _agent), "session-" + id);
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

    private void Stopped(Terminated terminated)
    {
        if (!_ids.Remove(terminated.ActorRef, out var id))
        {
            return;
        }

        _sessions.Remove(id);
        if (_passivating.Remove(id, out var buffer))
        {
            foreach (var (message, sender) in buffer)
            {
                SessionFor(id).Tell(message, sender);
            }
        }
    }
}

public sealed class SessionRegistryKey;

public static class SessionRegistryHosting
{
    public static AkkaConfigurationBuilder AddSessionRegistry(this AkkaConfigurationBuilder builder, SessionSettings settings, AgentServices? agent) =>
        builder.WithActors((system, registry) =>
        {
            // The agent reads the mind when there is one (registered before the sessions).
            var withMind = agent is not null && registry.TryGet<Mind.ThymosKey>(out var mind) ? agent with { Mind = mind } : agent;
            registry.Register<SessionRegistryKey>(system.ActorOf(SessionRegistry.Props(settings, withMind), "sessions"));
        });
}
