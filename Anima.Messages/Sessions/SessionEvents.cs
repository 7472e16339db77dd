using System.Text.Json.Serialization;

namespace Anima.Messages.Sessions;

/// <summary>
/// What happened in a session: the journaled stream. Rows live forever, so each type keeps its
/// wire name (the discriminator below and the manifest in <see cref="Serialization.AnimaSerializer"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SessionStarted), "session_started")]
[JsonDerivedType(typeof(UserMessage), "user_message")]
[JsonDerivedType(typeof(AgentMessage), "agent_message")]
[JsonDerivedType(typeof(ToolCall), "tool_call")]
[JsonDerivedType(typeof(ToolResponse), "tool_response")]
[JsonDerivedType(typeof(SystemMessage), "system_message")]
[JsonDerivedType(typeof(ApprovalRequested), "approval_requested")]
[JsonDerivedType(typeof(ApprovalAnswered), "approval_answered")]
[JsonDerivedType(typeof(PermissionModeChanged), "permission_mode_changed")]
public interface ISessionEvent : IAnimaMessage
{
    DateTimeOffset At { get; }
}

/// <summary>
/// The first event of every session. <paramref name="WorkingDirectory"/> is the directory the client that created it
/// ran in (or chose with <c>--cwd</c>): the session's shell starts there. Sessions from before it was recorded have none.
/// </summary>
public sealed record SessionStarted(string? Title, DateTimeOffset At, string? WorkingDirectory = null) : ISessionEvent;

/// <summary>
/// A message the user sent. <paramref name="CorrelationId"/> is the one its client posted it with (none in rows
/// journaled before it was kept): a post repeated after a lost acknowledgement is recognised by it, never by its text.
/// </summary>
public sealed record UserMessage(string Text, DateTimeOffset At, string? CorrelationId = null) : ISessionEvent;

/// <summary>
/// One model response. Thinking and its signature are kept because the API wants them back
/// verbatim when the response also called tools. <paramref name="SeenSeq"/> is the last event the
/// model saw when it answered: user messages journaled after it arrived while it was answering. <paramref name="Model"/>
/// is the model that answered (none in rows from before it was kept): the usage is priced by it.
/// </summary>
public sealed record AgentMessage(
    string Text,
    DateTimeOffset At,
    string? Thinking = null,
    string? ThinkingSignature = null,
    TokenUsage? Usage = null,
    string? StopReason = null,
    long? SeenSeq = null,
    string? Model = null) : ISessionEvent;

public sealed record TokenUsage(int InputTokens, int OutputTokens, int CacheReadTokens = 0, int CacheWriteTokens = 0);

/// <summary>A tool the model asked for; <paramref name="InputJson"/> is the raw JSON object it sent.</summary>
public sealed record ToolCall(string CallId, string Name, string InputJson, DateTimeOffset At) : ISessionEvent;

/// <param name="Interrupted">True when the user's interrupt killed the tool or kept it from running: an error for
/// the model, but not a failure of the tool (the mind feels the interrupt, once, from the turn's closing message).</param>
/// <param name="Declined">True when the user said no to the call: it did not run, and did not fail.</param>
public sealed record ToolResponse(string CallId, string Content, bool IsError, DateTimeOffset At, bool? Interrupted = null, bool? Declined = null) : ISessionEvent;

/// <summary>
/// Shown to the user, never sent to the model. One that closes a turn carries <paramref name="SeenSeq"/>, the last
/// event that turn saw: user messages journaled after it arrived during the turn and are answered after it.
/// </summary>
/// <param name="Interrupted">True on the message that closes a turn the user interrupted.</param>
public sealed record SystemMessage(string Text, DateTimeOffset At, SystemMessageLevel Level = SystemMessageLevel.Info, long? SeenSeq = null, bool? Interrupted = null) : ISessionEvent;

public enum SystemMessageLevel
{
    Info,
    Warning,
    Error,
}
