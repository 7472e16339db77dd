namespace Anima.Messages.Mind;

/// <summary>
/// Psyche grew: episode <paramref name="Episode"/> (a rule of <c>anima.mind.psyche.episodes</c>) happened in
/// <paramref name="SessionId"/>, because of <paramref name="Cause"/>, and moved the gains in
/// <paramref name="Changes"/> (absolute values, so replay reproduces the matrix exactly). The matrix becomes
/// <paramref name="Version"/>. Journaled in Psyche's stream.
/// </summary>
public sealed record GainsAdjusted(
    int Version,
    string Episode,
    string SessionId,
    string Cause,
    IReadOnlyList<GainChange> Changes,
    DateTimeOffset At) : IAnimaMessage;
