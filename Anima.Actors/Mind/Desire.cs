namespace Anima.Actors.Mind;

/// <summary>A want the levels add up to: felt when every condition holds, pulling with its margin × <paramref name="Weight"/>.</summary>
public sealed record Desire(IReadOnlyList<LevelCondition> When, string Text, double Weight = 1);
