using Anima.Actors.Mind;

namespace Anima.Tests.Support;

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset start) : IClock
{
    public DateTimeOffset Now { get; private set; } = start;

    public DateTimeOffset Advance(TimeSpan by) => Now += by;
}
