using Akka.Actor;
using Anima.Messages.Clients;

namespace Anima.Client;

public enum LinkState
{
    Connecting,
    Connected,
    Reconnecting,
    Disconnected,
}

/// <summary>Told to the link's listener whenever the link changes state.</summary>
public sealed record LinkStateChanged(LinkState State, int Attempt, int MaxAttempts, string? Reason);

/// <summary>Follow a session: history after the last event the link has seen, then live events.</summary>
public sealed record AttachSession(string SessionId, long AfterSeq = 0, int? MaxHistory = null);

public sealed record DetachSession(string SessionId);

/// <summary>Sends a request through the link; the brain answers <paramref name="ReplyTo"/>.</summary>
public sealed record SendRequest(IClientRequest Request, IActorRef ReplyTo);

/// <summary>Start connecting again after the link gave up.</summary>
public sealed record RetryNow;
