namespace Anima.Messages.Sessions;

/// <summary>
/// Live-only signals of a running turn. They travel on the bus in order with the journaled
/// events of the same session but are never persisted.
/// </summary>
public interface ITransientEvent : IAnimaMessage
{
    string SessionId { get; }
}

public sealed record TurnStarted(string SessionId) : ITransientEvent;

public sealed record TextDelta(string SessionId, string Text) : ITransientEvent;

public sealed record ThinkingDelta(string SessionId, string Text) : ITransientEvent;

public sealed record RetryNotice(string SessionId, int Attempt, int MaxAttempts, TimeSpan Delay, string Reason) : ITransientEvent;

public sealed record TurnEnded(string SessionId, TurnOutcome Outcome) : ITransientEvent;

/// <summary>
/// A system message shown live only: what the user must hear when it could not be journaled (the disk is full,
/// the database is gone), or was never meant to be. It is not in the session's history.
/// </summary>
public sealed record SystemNotice(string SessionId, string Text, SystemMessageLevel Level) : ITransientEvent;

public enum TurnOutcome
{
    Completed,
    Interrupted,
    Failed,
}

/// <summary>How much of the context budget the viewport of the call just made used.</summary>
public sealed record ContextWindow(string SessionId, int Tokens, int Budget, int Events) : ITransientEvent;

/// <summary>
/// The session's turn as it stands, sent to a client that attaches (or attaches again) after its history and
/// before the live events that follow it: whether a turn is open, and the text and thinking the current model
/// call has streamed so far. A client replaces its live state with it, so a partial answer shows whole, once.
/// </summary>
/// <param name="Retry">The retry the turn is waiting out, if it is.</param>
/// <param name="Recalled">What memory brought back for the current or last turn, since the session was loaded.</param>
/// <param name="Mode">The session's permission mode: its last change may lie before the history a client reads.</param>
public sealed record TurnInFlight(string SessionId, bool Running, string Text, string Thinking, RetryNotice? Retry = null, MemoryRecalled? Recalled = null, PermissionMode? Mode = null) : ITransientEvent
{
    public static TurnInFlight Idle(string sessionId) => new(sessionId, false, string.Empty, string.Empty);
}
