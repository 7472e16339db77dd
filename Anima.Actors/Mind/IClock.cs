namespace Anima.Actors.Mind;

/// <summary>Where the mind reads the time: decay is computed from timestamps, so tests move time by hand.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}
