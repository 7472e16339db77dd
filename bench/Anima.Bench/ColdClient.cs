using System.Diagnostics;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;

namespace Anima.Bench;

/// <summary>
/// A client command as a user runs it: a fresh <c>anima status</c> process (the launcher's build), timed from its start
/// to its first line (connected, welcomed, asked and answered) and to its exit. Every command and every TUI start pays
/// this cold connect.
/// </summary>
public static class ColdClient
{
    public static async Task<(double AnsweredMs, double ExitedMs)> StatusAsync(AnimaHome home, BrainAddress brain, bool plainTcp)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BrainProcess.EntryAssembly);
        info.ArgumentList.Add("status");
        info.ArgumentList.Add("--host");
        info.ArgumentList.Add(brain.ToString());
        info.Environment["ANIMA_HOME"] = home.Root;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("ANIMA_PORT");
        info.Environment.Remove("DOTNET_TC_CallCountingDelayMs");
        if (plainTcp)
        {
            info.Environment[PlainTcpBaseline.Variable] = "1";
        }
        else
        {
            info.Environment.Remove(PlainTcpBaseline.Variable);
        }

        var answered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                answered.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var exited = Stopwatch.GetTimestamp();
        if (process.ExitCode != 0 || !answered.Task.IsCompleted)
        {
            throw new InvalidOperationException($"anima status exited {process.ExitCode}: {(await stderr).Trim()}");
        }

        return (Samples.Ms(started, await answered.Task), Samples.Ms(started, exited));
    }
}
