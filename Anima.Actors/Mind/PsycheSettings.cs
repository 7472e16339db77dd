namespace Anima.Actors.Mind;

/// <summary>
/// How the gain matrix grows: each episode moves a gain by <paramref name="LearningRate"/> × |seed|, never further
/// than <paramref name="MaxDrift"/> × |seed| from the seed, never across zero.
/// </summary>
public sealed record PsycheSettings(double LearningRate, double MaxDrift, IReadOnlyList<EpisodeRule> Episodes);
