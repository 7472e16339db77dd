using Anima.Tests.Support;

namespace Anima.Tests.Cli;

/// <summary><c>anima stop</c> against a real brain process of the same home.</summary>
[Collection("processes")]
public sealed class StopSpecs
{
    [Fact]
    public async Task Stop_shuts_the_home_s_brain_down_cleanly_and_a_second_stop_says_none_runs()
    {
        await using var brain = await RunningBrain.StartAsync();

        var stop = await AnimaProcess.RunAsync(brain.Home.Root, null, "stop");

        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("stopped", stop.Stderr);
        await brain.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)); // the lock is let go of as the process ends
        Assert.Equal(0, brain.Process.ExitCode); // a clean shutdown, as Ctrl+C gives
        var again = await AnimaProcess.RunAsync(brain.Home.Root, null, "stop");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("No brain runs", again.Stdout);

        // The home is free for the next brain.
        await brain.RestartAsync();
        var status = await AnimaProcess.RunAsync(brain.Home.Root, null, "status", "--host", brain.HostArgument);
        Assert.Equal(0, status.ExitCode);
    }
}
