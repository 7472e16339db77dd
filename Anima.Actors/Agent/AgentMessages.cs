using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>Session → agent: there is something to answer (a user message, or a recovered open turn).</summary>
public sealed record Wake
{
    public static readonly Wake Instance = new();
}

/// <summary>Loop → session: the API's own count for one large event, refining the estimate made when it was written.</summary>
public sealed record TokensCounted(string SessionId, long Seq, int Tokens) : Sessions.ISessionCommand;

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

/// <summary>
/// Loop → mind: how the agent feels having felt <paramref name="Seen"/>, the journal tail the loop decides from.
/// The mind feels any of them the bus has not brought it yet before it answers with a <see cref="MindReading"/>,
/// so the next call already feels the last tool error without waiting for the bus. The rest says what the call
/// would be without a mind: its thinking budget, the model calls a turn may make, and how many it has made.
/// </summary>
public sealed record ReadMind(
    string SessionId,
    IReadOnlyList<Journaled> Seen,
    int BaseThinkingBudget,
    int MaxTokens,
    int MaxToolRounds = 0,
    int CallsThisTurn = 0);

/// <summary>
/// What the mind contributes to a call: its sections of the volatile tail (how it feels, what it wants), the
/// thinking budget it asks for, and how many model calls it allows itself in this turn (null: no say).
/// </summary>
public sealed record MindReading(IReadOnlyList<TailSection> Tail, int? ThinkingBudget, int? ToolRounds = null)
{
    public static MindReading Neutral(AgentSettings settings) =>
        new([], settings.ThinkingBudget > 0 ? settings.ThinkingBudget : null);
}

/// <summary>Session → agent → loop: the journaled answer to a call that waited for approval.</summary>
public sealed record ApprovalGiven(string CallId, ApprovalDecision Decision, string? Rule);

/// <summary>Session → agent → loop: the session's permissions changed (its mode, or a rule "always" added).</summary>
public sealed record PermissionsChanged(SessionPermissions Permissions);

/// <summary>
/// A session's permissions as the loop checks calls against them: its mode (null: the configured default), the rules
/// "always" added, and the calls approved since the session started that have no result yet — approved but not run,
/// unlike an approval recovered from the journal, which may have been running when the brain stopped.
/// </summary>
public sealed record SessionPermissions(PermissionMode? Mode, IReadOnlyList<string> AllowRules, IReadOnlySet<string> FreshApprovals)
{
    public static readonly SessionPermissions None = new(null, [], new HashSet<string>());
}
