using System.Diagnostics;

namespace Anima.Tests.Tools;

/// <summary>AwaitAssert for plain async code: polls a condition until it holds or the deadline passes.</summary>
internal static class Eventually
{
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
