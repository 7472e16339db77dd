namespace Anima.Actors.Tools;

/// <summary>
/// A folder with one file per live shell (its pid, holding its start time). A brain killed with SIGKILL takes
/// no shell with it — they run in sessions of their own — so the next brain reads the ledger at start and
/// ends whatever is left of those sessions.
/// </summary>
public sealed class ShellLedger(string directory)
{
    public string Directory { get; } = directory;

    public void Record(int pid)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(PathOf(pid), StartTimeOf(pid)?.ToString() ?? "0");
    }

    public void Forget(int pid) => File.Delete(PathOf(pid));

    /// <summary>Kills the processes of every recorded shell session; returns how many it killed.</summary>
    public int SweepOrphans()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var killed = 0;
        var table = UnixProcesses.Snapshot();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (int.TryParse(Path.GetFileName(file), out var session) && long.TryParse(File.ReadAllText(file).Trim(), out var started))
            {
                // A recycled pid is not ours: only processes that started after our shell count.
                foreach (var process in table.Where(p => p.Session == session && StartTimeOf(p.Pid) >= started))
                {
                    UnixProcesses.KillGroup(process.ProcessGroup);
                    UnixProcesses.Signal(process.Pid, UnixProcesses.SigKill);
                    killed++;
                }
            }

            File.Delete(file);
        }

        return killed;
    }

    private string PathOf(int pid) => Path.Combine(Directory, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Field 22 of /proc/PID/stat: clock ticks after boot.</summary>
    private static long? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
