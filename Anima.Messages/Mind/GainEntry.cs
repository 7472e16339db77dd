namespace Anima.Messages.Mind;

/// <summary>One entry of the gain matrix: its seed (from configuration) and its value now.</summary>
public sealed record GainEntry(string Hormone, string Stimulus, double Seed, double Current);
