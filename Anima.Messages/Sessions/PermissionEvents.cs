namespace Anima.Messages.Sessions;

/// <summary>
/// A tool call waits for the user's approval. Every attached client shows it until it is answered or the call has a
/// result (an interrupt); a brain restarted meanwhile finds it in the journal and waits again.
/// </summary>
/// <param name="Preview">What the call would do, as the user should judge it: the command, or the diff of an edit.</param>
/// <param name="Reason">Why it asks (the mode, a path outside the session's directory).</param>
/// <param name="Rule">The allow rule "always" would add (<c>bash(git status)</c>, <c>edit_file</c>); null when none is safe to offer.</param>
public sealed record ApprovalRequested(string CallId, string ToolName, string Preview, string Reason, DateTimeOffset At, string? Rule = null) : ISessionEvent;

/// <summary>The first answer to an <see cref="ApprovalRequested"/>; later ones are refused.</summary>
/// <param name="By">Who answered: the client's name (tui, anima ask).</param>
/// <param name="Rule">With <see cref="ApprovalDecision.Always"/>, the rule added to the session.</param>
public sealed record ApprovalAnswered(string CallId, ApprovalDecision Decision, string By, DateTimeOffset At, string? Rule = null) : ISessionEvent;

/// <summary>The session's permission mode changed; it holds until the next change.</summary>
public sealed record PermissionModeChanged(PermissionMode Mode, string By, DateTimeOffset At) : ISessionEvent;
