using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>Session → agent: there is something to answer (a user message, or a recovered open turn).</summary>
public sealed record Wake
{
    public static readonly Wake Instance = new();
}

/// <summary>Loop → session: the API's own count for one large event, refining the estimate made when it was written.</summary>
public sealed record TokensCounted(string SessionId, long Seq, int Tokens) : ISessionCommand;

/// <summary>Supervisor → loop: start a turn from the journal's tail.</summary>
public sealed record BeginTurn
{
    public static readonly BeginTurn Instance = new();
}

/// <summary>Loop → supervisor: the turn has ended (its last events written); the loop waits for the next.</summary>
public sealed record TurnFinished
{
    public static readonly TurnFinished Instance = new();
}

/// <summary>Loop → supervisor: a round succeeded, so earlier failures no longer count against the retries.</summary>
public sealed record TurnProgress
{
    public static readonly TurnProgress Instance = new();
}

/// <summary>Supervisor → session: whether a turn is running (an idle session may passivate).</summary>
public sealed record TurnActive(bool Active);

/// <summary>Session → agent → loop: the journaled answer to a call that waited for approval.</summary>
public sealed record ApprovalGiven(string CallId, ApprovalDecision Decision, string? Rule);

/// <summary>Session → agent → loop: the session's permissions changed (its mode, or a rule "always" added).</summary>
public sealed record PermissionsChanged(SessionPermissions Permissions);
