using Akka.Actor;
using Anima.Messages.Sessions;

namespace Anima.Actors.Protocol;

/// <summary>Everything addressed to one session, routed by id through <see cref="SessionRegistry"/>.</summary>
public interface ISessionCommand
{
    string SessionId { get; }
}

/// <summary>Creates the session; replies <see cref="Anima.Messages.Clients.SessionCreated"/>.</summary>
/// <param name="WorkingDirectory">Where the session's shell starts (an absolute path), or null for the configured default.</param>
public sealed record StartSession(string SessionId, string? Title, string? WorkingDirectory = null) : ISessionCommand;

/// <summary>Persists a user message; replies <see cref="Anima.Messages.Clients.UserMessageAccepted"/> once it is durable.</summary>
public sealed record AppendUserMessage(string SessionId, string Text, string CorrelationId) : ISessionCommand;

/// <summary>Persists events on behalf of the agent (the session is their only writer); replies <see cref="EventsAppended"/>.</summary>
public sealed record AppendEvents(string SessionId, IReadOnlyList<ISessionEvent> Events) : ISessionCommand;

public sealed record EventsAppended(string SessionId, long LastSeq);

/// <summary>Relays a live-only signal to the session's followers, in order with its journaled events.</summary>
public sealed record PublishTransient(ITransientEvent Event) : ISessionCommand
{
    public string SessionId => Event.SessionId;
}

/// <summary>Replies <see cref="SessionInfo"/>, or a failure when no such session exists.</summary>
public sealed record GetSessionInfo(string SessionId) : ISessionCommand;

public sealed record SessionInfo(string SessionId, string? Title, long LastSeq, int MessageCount, bool TurnRunning);

public sealed record InterruptTurn(string SessionId) : ISessionCommand;

/// <summary>Wakes a session so that a turn the brain was stopped in the middle of is resumed.</summary>
public sealed record ResumeTurn(string SessionId) : ISessionCommand;

/// <summary>The session's recent events (the agent plans from them, a feed serves them); replied with <see cref="SessionTail"/>.</summary>
public sealed record GetTail(string SessionId) : ISessionCommand;

/// <summary>
/// Replies <see cref="SessionTail"/>, then sends the sender every event the session commits and every transient it
/// relays, in order, until the sender stops. Nothing falls between the two: the reply and the first live event come
/// from the same actor, one after the other. A session that restarts says <see cref="FollowAgain"/>.
/// </summary>
/// <param name="Lost">The incarnation the follower saw stop, when it follows again because of that: the registry
/// may not have heard yet, and must not route this to it.</param>
public sealed record FollowSession(string SessionId, IActorRef? Lost = null) : ISessionCommand;

/// <summary>The session restarted and forgot its followers: follow it again (the new tail covers what was missed).</summary>
public sealed record FollowAgain(string SessionId);

/// <param name="CountedTokens">Exact token counts (from count_tokens) of some events, by seq; the rest are estimated.</param>
/// <param name="InFlight">To a follower: the turn as it stands at the end of <paramref name="Events"/>.</param>
/// <param name="Permissions">To the agent: the session's mode, rules and fresh approvals.</param>
public sealed record SessionTail(IReadOnlyList<Journaled> Events, IReadOnlyDictionary<long, int>? CountedTokens = null, TurnInFlight? InFlight = null, SessionPermissions? Permissions = null);

/// <summary>
/// A user's answer to a call waiting for approval; the first wins. Replies <see cref="Anima.Messages.Clients.ApprovalRecorded"/>
/// once it is journaled, or a failure when the call is not waiting.
/// </summary>
public sealed record DecideApproval(string SessionId, string CallId, ApprovalDecision Decision, string By) : ISessionCommand;

/// <summary>Sets the session's permission mode; replies <see cref="Anima.Messages.Clients.PermissionModeSet"/>.</summary>
public sealed record ChangePermissionMode(string SessionId, PermissionMode Mode, string By) : ISessionCommand;
