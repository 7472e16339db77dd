using Akka.Actor;
using Anima.Messages.Sessions;

namespace Anima.Messages.Clients;

/// <summary>
/// What a remote client (TUI, CLI) says to the brain, and what it hears back. A client first sends
/// <see cref="Hello"/> to the gateway; every later request goes to the connection actor it is given.
/// </summary>
public static class ClientProtocol
{
    public const string GatewayPath = "/user/gateway";
}

public interface IClientRequest : IAnimaMessage;

public interface IClientReply : IAnimaMessage;

public sealed record Hello(string Token, string ClientName, string ClientVersion) : IClientRequest;

public sealed record Welcome(IActorRef Connection, string BrainVersion, DateTimeOffset BrainStartedAt) : IClientReply;

public sealed record Refused(string Reason) : IClientReply;

public sealed record Ping(long Nonce) : IClientRequest;

public sealed record Pong(long Nonce) : IClientReply;

public sealed record GetStatus : IClientRequest;

public sealed record BrainStatus(
    string Version,
    DateTimeOffset StartedAt,
    int SessionCount,
    int ClientCount,
    string Environment) : IClientReply;

public sealed record ListSessions(int Limit = 100) : IClientRequest;

public sealed record SessionSummary(
    string SessionId,
    string Title,
    int MessageCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long LastSeq,
    string? WorkingDirectory = null);

public sealed record SessionList(IReadOnlyList<SessionSummary> Sessions) : IClientReply;

/// <param name="WorkingDirectory">An absolute path: where the session's shell starts (the client's own directory, usually).</param>
public sealed record CreateSession(string? Title = null, string? WorkingDirectory = null) : IClientRequest;

public sealed record SessionCreated(string SessionId) : IClientReply;

/// <summary>
/// The session whose id is <paramref name="IdOrPrefix"/>, or the only one whose id starts with it; replied with
/// <see cref="SessionFound"/>, or a <see cref="RequestFailed"/> saying there is none or which ones it could be.
/// </summary>
public sealed record FindSession(string IdOrPrefix) : IClientRequest;

public sealed record SessionFound(SessionSummary Session) : IClientReply;

/// <summary>
/// Stream a session to this client: history after <paramref name="AfterSeq"/> (at most the last
/// <paramref name="MaxHistory"/> events when set), then live events, with no duplicate and no gap.
/// </summary>
public sealed record Attach(string SessionId, long AfterSeq = 0, int? MaxHistory = null) : IClientRequest;

/// <summary>One piece of history; <paramref name="Last"/> marks the switch to live events.</summary>
public sealed record HistoryChunk(string SessionId, IReadOnlyList<Journaled> Events, bool Last, long HighestSeq) : IClientReply;

/// <summary>
/// One part of an event too big for one message (a remoting frame is 4 MB; a row written before tool results were
/// capped can be larger): the serialized <see cref="Journaled"/>, cut into <paramref name="Parts"/> pieces sent in
/// order. The client puts them together and handles the event as if it had come whole — as history
/// (<paramref name="History"/>) or live.
/// </summary>
public sealed record JournaledPart(string SessionId, long Seq, int Part, int Parts, byte[] Bytes, bool History) : IClientReply;

public sealed record Detach(string SessionId) : IClientRequest;

public sealed record PostUserMessage(string SessionId, string Text, string CorrelationId) : IClientRequest;

public sealed record UserMessageAccepted(string SessionId, long Seq, string CorrelationId) : IClientReply;

public sealed record Interrupt(string SessionId) : IClientRequest;

public sealed record RequestFailed(string Reason, string? CorrelationId = null) : IClientReply;

/// <summary>
/// The user's answer to the tool call <paramref name="CallId"/> waiting for approval; the first answer any client
/// gives wins. Replied with <see cref="ApprovalRecorded"/>, or a <see cref="RequestFailed"/> when the call is not
/// waiting (answered already, interrupted).
/// </summary>
public sealed record AnswerApproval(string SessionId, string CallId, ApprovalDecision Decision, string By) : IClientRequest;

public sealed record ApprovalRecorded(string SessionId, string CallId, ApprovalDecision Decision, long Seq) : IClientReply;

/// <summary>Sets the session's permission mode (journaled); replied with <see cref="PermissionModeSet"/>.</summary>
public sealed record SetPermissionMode(string SessionId, PermissionMode Mode, string By) : IClientRequest;

public sealed record PermissionModeSet(string SessionId, PermissionMode Mode) : IClientReply;
