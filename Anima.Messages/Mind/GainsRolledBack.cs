namespace Anima.Messages.Mind;

/// <summary>
/// The user returned the matrix to version <paramref name="ToVersion"/>; the result is a new version,
/// <paramref name="Version"/>, so history is never rewritten. <paramref name="Changes"/> are absolute.
/// </summary>
public sealed record GainsRolledBack(int Version, int ToVersion, IReadOnlyList<GainChange> Changes, DateTimeOffset At) : IAnimaMessage;
