namespace Anima.Actors.Mind;

/// <summary>One gain an episode moves: stronger (+1) or weaker (−1) in magnitude.</summary>
public sealed record GainAdjustment(string Hormone, string Stimulus, int Direction);
