namespace Anima.Actors.Mind;

/// <summary>A user message the appraisal reads, with the user's few messages before it (oldest first), for a new topic.</summary>
public sealed record MessageToAppraise(long Seq, string Text, IReadOnlyList<string> Previous, DateTimeOffset At);
