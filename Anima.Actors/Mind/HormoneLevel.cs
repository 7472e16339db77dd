namespace Anima.Actors.Mind;

/// <summary>A hormone's level as it was set at <paramref name="At"/>; it decays from there.</summary>
public readonly record struct HormoneLevel(double Level, DateTimeOffset At);
