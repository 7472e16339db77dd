using System.Diagnostics;

namespace Anima.Tests.Support;

/// <summary>
/// A brain whose <c>db/</c> folder is a tmpfs of a few megabytes: a real file system that really fills up
/// (ENOSPC, SQLite's "database or disk is full"), not a mock. It is mounted in a mount namespace of the brain's
/// own (<c>unshare</c>), so it needs no root, and it goes away with the brain: a spec that crashes leaves no mount
/// behind. The spec reaches into it with <see cref="RunInside"/> (nsenter), as a user would free space in a shell.
/// </summary>
public static class SmallDisk
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Why a small disk cannot be had on this machine (null when it can): unshare needs user namespaces or root.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>
    /// The words to run the brain under: a tmpfs of <paramref name="megabytes"/> on <paramref name="folder"/>, filled
    /// with <paramref name="fillBytes"/> of zeros before the brain starts (-1: filled to the brim).
    /// </summary>
    public static IReadOnlyList<string> Wrapper(string folder, int megabytes, long fillBytes = 0)
    {
        Directory.CreateDirectory(folder);
        var fill = fillBytes switch
        {
            0 => string.Empty,
            < 0 => "dd if=/dev/zero of=\"$0/filler\" bs=64k 2>/dev/null; ",
            _ => $"head -c {fillBytes} /dev/zero > \"$0/filler\"; ",
        };
        return
        [
            "unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
            $"mount -t tmpfs -o size={megabytes}m anima-small-disk \"$0\" && {fill}exec \"$@\"", folder,
        ];
    }

    /// <summary>Runs a shell command in the brain's mount namespace (where its small disk is) and returns its exit code.</summary>
    public static int RunInside(int brainPid, string command)
    {
        using var nsenter = Process.Start(new ProcessStartInfo(
            "nsenter", ["--target", brainPid.ToString(), "--user", "--mount", "--preserve-credentials", "sh", "-c", command])
        {
            RedirectStandardError = true,
        })!;
        nsenter.StandardError.ReadToEnd();
        nsenter.WaitForExit();
        return nsenter.ExitCode;
    }

    private static string? Probe()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(
                "unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs -o size=1m anima-probe /tmp"])
            {
                RedirectStandardError = true,
            })!;
            var error = probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? null : $"unshare could not mount a tmpfs ({error.Trim()}): run as root or allow user namespaces";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"unshare is not available ({ex.Message})";
        }
    }
}
