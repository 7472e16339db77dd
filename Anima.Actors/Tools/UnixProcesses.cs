using System.Runtime.InteropServices;

namespace Anima.Actors.Tools;

/// <summary>
/// The Linux process table as <c>/proc</c> shows it, and <c>kill(2)</c>. Reading <c>/proc</c> directly keeps
/// a kill path free of helper processes (no <c>ps</c>, no <c>pkill</c>) that could themselves be slow or missing.
/// </summary>
internal static class UnixProcesses
{
    public const int SigKill = 9;
    public const int SigUsr1 = 10;

    internal readonly record struct Entry(int Pid, int ParentPid, int ProcessGroup, int Session);

    private static readonly int OwnProcessGroup = Read(Environment.ProcessId)?.ProcessGroup ?? -1;

    /// <summary>Live processes only: a zombie is already dead and waits for a parent (perhaps a lazy init) to reap it.</summary>
    public static List<Entry> Snapshot()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public static Entry? Read(int pid)
    {
        try
        {
            // "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X")
            {
                return null;
            }

            return new Entry(pid, int.Parse(fields[1]), int.Parse(fields[2]), int.Parse(fields[3]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static HashSet<int> ChildrenOf(int pid) =>
        Snapshot().Where(e => e.ParentPid == pid).Select(e => e.Pid).ToHashSet();

    /// <summary>Every process below <paramref name="root"/>, leaving out the subtrees of <paramref name="spared"/> children.</summary>
    public static List<Entry> Descendants(IReadOnlyList<Entry> table, int root, IReadOnlySet<int> spared)
    {
        var byParent = table.ToLookup(e => e.ParentPid);
        var found = new List<Entry>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.TryPop(out var parent))
        {
            foreach (var child in byParent[parent])
            {
                if (parent == root && spared.Contains(child.Pid))
                {
                    continue;
                }

                found.Add(child);
                pending.Push(child.Pid);
            }
        }

        return found;
    }

    public static string? WorkingDirectoryOf(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Signal(int pid, int signal)
    {
        if (pid > 1 && pid != Environment.ProcessId)
        {
            _ = kill(pid, signal);
        }
    }

    /// <summary>Kills a whole process group; never ours, never init's.</summary>
    public static void KillGroup(int processGroup)
    {
        if (processGroup > 1 && processGroup != OwnProcessGroup)
        {
            _ = kill(-processGroup, SigKill);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
