namespace Anima.Messages.Sessions;

/// <summary>
/// A session's state at a sequence number: its summary and the tail of recent events the agent needs,
/// so recovery never replays a whole long stream. <paramref name="Mode"/> and <paramref name="AllowRules"/> are the
/// session's permissions: its mode (null: the configured default) and the rules "always" added.
/// </summary>
public sealed record SessionSnapshot(
    string SessionId,
    string? Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    long LastSeq,
    IReadOnlyList<Journaled> Tail,
    string? WorkingDirectory = null,
    PermissionMode? Mode = null,
    IReadOnlyList<string>? AllowRules = null) : IAnimaMessage;
