using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// A session's state, evolved only by its journaled events. Pure: the actor persists, this decides.
/// </summary>
public sealed record SessionState(
    string SessionId,
    string? Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    long LastSeq,
    EventTail Tail,
    string? WorkingDirectory = null,
    PermissionMode? Mode = null,
    IReadOnlyList<string>? AllowRules = null)
{
    /// <summary>How many recent events the state keeps for the agent's viewport.</summary>
    public const int DefaultTailCapacity = 2000;

    public static SessionState Empty(string sessionId) =>
        new(sessionId, null, default, default, 0, 0, EventTail.Empty);

    public bool Exists => LastSeq > 0;

    public SessionState Apply(Journaled journaled, int tailCapacity = DefaultTailCapacity)
    {
        var evt = journaled.Event;
        return this with
        {
            Title = Title ?? SessionTitle.From(evt),
            WorkingDirectory = evt is SessionStarted started ? started.WorkingDirectory : WorkingDirectory,
            CreatedAt = evt is SessionStarted ? evt.At : CreatedAt == default ? evt.At : CreatedAt,
            UpdatedAt = evt.At,
            MessageCount = MessageCount + (evt is UserMessage or AgentMessage ? 1 : 0),
            LastSeq = journaled.Seq,
            Tail = Tail.Append(journaled, tailCapacity),
            Mode = evt is PermissionModeChanged changed ? changed.Mode : Mode,
            AllowRules = evt is ApprovalAnswered { Decision: ApprovalDecision.Always, Rule: { } rule } && !(AllowRules ?? []).Contains(rule)
                ? [.. AllowRules ?? [], rule]
                : AllowRules,
        };
    }

    public SessionSnapshot ToSnapshot() =>
        new(SessionId, Title, CreatedAt, UpdatedAt, MessageCount, LastSeq, Tail.ToArray(), WorkingDirectory, Mode, AllowRules);

    public static SessionState FromSnapshot(SessionSnapshot snapshot, int tailCapacity = DefaultTailCapacity) =>
        new(snapshot.SessionId, snapshot.Title, snapshot.CreatedAt, snapshot.UpdatedAt, snapshot.MessageCount,
            snapshot.LastSeq, EventTail.Of(snapshot.Tail, tailCapacity), snapshot.WorkingDirectory, snapshot.Mode, snapshot.AllowRules);
}
