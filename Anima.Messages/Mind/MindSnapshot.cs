namespace Anima.Messages.Mind;

/// <summary>A session's mind at a point: the latest change of each hormone, replayed to restore it.</summary>
public sealed record MindSnapshot(string SessionId, IReadOnlyList<HormoneChanged> Levels) : IAnimaMessage;
