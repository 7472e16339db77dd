using System.Diagnostics;
using System.Globalization;
using Anima.Tests.Support;

namespace Anima.Tests.Remoting;

/// <summary>
/// A client's first connect to a brain that is slow to answer: the brain process is stopped (SIGSTOP) for a while, as
/// a machine at load average 20 stalled it, then resumed or left stopped.
/// </summary>
[Collection("processes")]
public sealed class ConnectSpecs : IAsyncLifetime
{
    private RunningBrain _brain = null!;

    public async Task InitializeAsync() => _brain = await RunningBrain.StartAsync();

    public async Task DisposeAsync()
    {
        Signal("CONT");
        await _brain.DisposeAsync();
    }

    [Fact]
    public async Task A_client_whose_first_Hello_goes_unanswered_says_it_again_and_is_welcomed()
    {
        Signal("STOP");
        var connecting = _brain.ConnectAsync("late");

        // Past the first Hello's timeout (5 s), well within the client's deadline.
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.False(connecting.IsCompleted, "the client gave up while the brain was stopped");
        Signal("CONT");

        await using var client = await connecting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, (await client.StatusAsync()).SessionCount);
    }

    [Fact]
    public async Task A_command_to_a_brain_that_never_answers_says_what_happened_within_its_deadline()
    {
        Signal("STOP");
        var started = Stopwatch.StartNew();
        var status = await AnimaProcess.RunAsync(_brain.Home.Root, null, "status", "--host", _brain.HostArgument);

        Assert.Equal(1, status.ExitCode);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40));
        Assert.Contains($"The brain at {_brain.HostArgument} took the connection but did not", status.Stderr);
        Assert.DoesNotContain("certificate", status.Stderr);
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _brain.Process.Pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }
}
