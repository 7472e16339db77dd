namespace Anima.Actors.Mind;

/// <summary>A mixed state: when every condition holds, <paramref name="Text"/> speaks for the hormones it names.</summary>
public sealed record VoiceBlend(IReadOnlyList<LevelCondition> When, string Text);
