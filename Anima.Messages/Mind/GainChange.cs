namespace Anima.Messages.Mind;

/// <summary>One entry of the gain matrix moved: how strongly <paramref name="Hormone"/> reacts to <paramref name="Stimulus"/>.</summary>
public sealed record GainChange(string Hormone, string Stimulus, double From, double To);
