namespace Anima.Actors.Mind;

/// <summary>The wall clock, in UTC.</summary>
public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
