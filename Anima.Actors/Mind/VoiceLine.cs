namespace Anima.Actors.Mind;

/// <summary>One line of a hormone's inner voice: felt from level <paramref name="From"/> on.</summary>
public sealed record VoiceLine(double From, string Text);
