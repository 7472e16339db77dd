namespace Anima.Client;

/// <summary>Exponential backoff with jitter: for re-joining a brain, and for retrying a provider.</summary>
public sealed record BackoffPolicy(TimeSpan Base, TimeSpan Cap, int MaxAttempts, double Jitter = 0.2)
{
    /// <summary>What the TUI uses: 1 s, doubling to 30 s, 10 attempts.</summary>
    public static BackoffPolicy Interactive { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 10);

    /// <summary>A one-shot command fails at once when no brain answers.</summary>
    public static BackoffPolicy None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>The wait before attempt <paramref name="attempt"/> (1-based); <paramref name="unit"/> in [0, 1) picks the jitter.</summary>
    public TimeSpan Delay(int attempt, double unit)
    {
        var exponential = Base.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(Cap.TotalMilliseconds, exponential);
        var factor = 1 - Jitter + (2 * Jitter * unit);
        return TimeSpan.FromMilliseconds(Math.Min(Cap.TotalMilliseconds, capped * factor));
    }
}
