using System.Diagnostics;

namespace Anima.Tests.Support;

/// <summary>AwaitAssert for async assertions against another process: retries until it holds or time is up.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task> assertion, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Polls a condition until it holds, failing with <paramref name="because"/> at the deadline.</summary>
    public static async Task True(Func<bool> condition, string because, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = within ?? TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(deadline.Elapsed < limit, $"not within {limit.TotalSeconds} s: {because}");
            await Task.Delay(25);
        }
    }

    /// <summary>True when some process's command line contains <paramref name="marker"/> (<c>pgrep -f</c>).</summary>
    public static bool ProcessRunning(string marker)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", marker]) { RedirectStandardOutput = true })!;
        pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return pgrep.ExitCode == 0;
    }
}
