using System.Diagnostics;

namespace Anima.Bench;

/// <summary>
/// TUI start → first paint, as a person sees it: the real TUI in a 120×40 tmux pane, timed from launching
/// the process to the first screen that shows its status bar.
/// </summary>
public static class TuiStartup
{
    public static bool Available => Run("tmux", "-V").ExitCode == 0;

    /// <summary>Milliseconds per run, or an empty list when tmux is missing.</summary>
    public static List<double> Measure(string animaHome, string host, int runs)
    {
        var times = new List<double>();
        if (!Available)
        {
            return times;
        }

        var socket = "anima-bench-" + Environment.ProcessId;
        for (var i = 0; i < runs; i++)
        {
            var session = $"tui{i}";
            var started = Stopwatch.GetTimestamp();
            Run("tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                $"ANIMA_HOME={animaHome} dotnet {BrainProcess.EntryAssembly} tui --host {host}");
            while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20))
            {
                if (Run("tmux", "-L", socket, "capture-pane", "-p", "-t", session).Output.Contains("Ctrl+a ? help", StringComparison.Ordinal))
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    break;
                }
            }

            Run("tmux", "-L", socket, "kill-session", "-t", session);
        }

        Run("tmux", "-L", socket, "kill-server");
        return times;
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, string.Empty);
        }
    }
}
