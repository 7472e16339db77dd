namespace Anima.Host.Brain;

/// <summary>
/// Runtime settings for the brain process alone. The brain and the TUI are one executable with one runtimeconfig,
/// so what only the long-running brain wants is given to it as environment wherever a brain is started: the
/// systemd unit (<see cref="Cli.InstallCommand"/>), the TUI's background start (<see cref="Cli.TuiCommand"/>), the
/// <c>anima</c> launcher's <c>start</c>, and the bench.
/// </summary>
public static class BrainRuntime
{
    /// <summary>
    /// Hot code is optimized as soon as it is hot, not 100 ms after the JIT last met a method it had not seen (a delay
    /// that kept restarting while a fresh brain took its first turns). Measured in five alternating bench runs on two
    /// cores: post → first delta over the first 1,000 turns after a start p50 1.86 → 1.49 ms; 200 sessions × 5 turns
    /// at once p99 55 → 43 ms (noisy both ways: 44–69 and 35–52 ms); a start 60–150 ms later. In the runtimeconfig it
    /// would reach the TUI too, whose first paint it slowed from 0.35 to 0.57 s (three alternating runs).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };
}
