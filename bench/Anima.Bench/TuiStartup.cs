using System.Diagnostics;

namespace Anima.Bench;

/// <summary>
/// TUI start → first paint, as a person sees it: the real TUI in a 120×40 tmux pane, timed from launching
/// the process to the first screen that shows its status bar.
/// </summary>
public static class TuiStartup
{
    public static bool Available => Run("tmux", "-V").ExitCode == 0;

    /// <summary>Milliseconds per run, or an empty list when tmux is missing; <paramref name="unpainted"/> gets the screen of a run that never painted.</summary>
    public static List<double> Measure(string animaHome, string host, int runs, Action<string>? unpainted = null)
    {
        var times = new List<double>();
        if (!Available)
        {
            return times;
        }

        var socket = "anima-bench-" + Environment.ProcessId;

        // A session that outlives the measured ones: killing the last session stops the tmux server, and the next
        // run's new-session then raced the server's exit (a run in five or so never started).
        Run("tmux", "-L", socket, "new-session", "-d", "-s", "keep", "sleep 600");
        for (var i = 0; i < runs; i++)
        {
            var session = $"tui{i}";
            var started = Stopwatch.GetTimestamp();
            Run("tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                $"ANIMA_HOME={animaHome} dotnet {BrainProcess.EntryAssembly} tui --host {host}; echo \"(the TUI exited: $?)\"; sleep 30");
            var screen = string.Empty;
            var painted = false;
            while (!painted && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20))
            {
                screen = Run("tmux", "-L", socket, "capture-pane", "-p", "-t", session).Output;
                if (screen.Contains("Ctrl+a ? help", StringComparison.Ordinal))
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    painted = true;
                }
            }

            if (!painted)
            {
                unpainted?.Invoke(screen.Trim().Length == 0 ? "(empty screen)" : string.Join(" / ", screen.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).Take(6)));
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
