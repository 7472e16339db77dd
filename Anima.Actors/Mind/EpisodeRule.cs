namespace Anima.Actors.Mind;

/// <summary>
/// Psyche's learning rule, as data: stimulus <paramref name="First"/>, then <paramref name="Then"/> in the same
/// session within <paramref name="Within"/>, moves each gain in <paramref name="Adjust"/> one step.
/// </summary>
public sealed record EpisodeRule(string Name, string First, string Then, TimeSpan Within, IReadOnlyList<GainAdjustment> Adjust);
