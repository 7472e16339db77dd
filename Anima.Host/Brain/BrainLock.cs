using System.Text.Json;
using Anima.Actors.Configuration;
using Anima.Client.Configuration;

namespace Anima.Host.Brain;

/// <summary>
/// One brain per home and environment (one writer per database): the brain holds <c>tmp/brain-ENV.lock</c> open and
/// exclusively locked while it runs, and says who it is in <c>tmp/brain-ENV.json</c>, so a second one can name it.
/// The kernel lets go of the lock when the process ends, however it ends.
/// </summary>
public sealed class BrainLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _infoFile;

    private BrainLock(FileStream @lock, string infoFile)
    {
        _lock = @lock;
        _infoFile = infoFile;
    }

    public static BrainLock Acquire(BrainSettings settings)
    {
        var home = settings.Home;
        home.EnsureCreated();
        var infoFile = InfoFile(home, settings.Environment.Name);
        var held = TryHold(home, settings.Environment.Name) ?? throw new AnimaConfigException(AlreadyRunning(settings, infoFile));
        var info = new Owner(Environment.ProcessId, settings.Hostname, settings.Port, settings.Environment.Name, DateTimeOffset.Now);
        AnimaHome.WritePrivateFile(infoFile, JsonSerializer.Serialize(info));
        return new BrainLock(held, infoFile);
    }

    /// <summary>
    /// The brain that holds this home and environment's lock, or null when none runs. Its info is written after the
    /// lock is taken, so a brain still starting may be running with no info yet: then <paramref name="running"/> alone.
    /// </summary>
    public static Owner? FindRunning(AnimaHome home, string environment, out bool running)
    {
        using (var held = TryHold(home, environment))
        {
            running = held is null;
        }

        return running ? ReadInfo(InfoFile(home, environment)) : null;
    }

    /// <summary>The lock, held exclusively, or null when another process holds it.</summary>
    private static FileStream? TryHold(AnimaHome home, string environment)
    {
        Directory.CreateDirectory(home.Tmp);
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second brain's open fails at once.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new FileStream(Path.Combine(home.Tmp, $"brain-{environment}.lock"), options);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string InfoFile(AnimaHome home, string environment) => Path.Combine(home.Tmp, $"brain-{environment}.json");

    private static Owner? ReadInfo(string infoFile)
    {
        try
        {
            return JsonSerializer.Deserialize<Owner>(File.ReadAllText(infoFile));
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_infoFile);
        }
        catch (IOException)
        {
            // the next brain overwrites it
        }

        _lock.Dispose();
    }

    private static string AlreadyRunning(BrainSettings settings, string infoFile)
    {
        var other = ReadInfo(infoFile);
        var who = other is null
            ? "Another brain"
            : $"Another brain (pid {other.Pid}, listening on {other.Hostname}:{other.Port} since {other.StartedAt:yyyy-MM-dd HH:mm:ss})";
        var status = other is null ? "'./anima status'" : $"'./anima status --host {other.Hostname}:{other.Port}'";
        return $"{who} already runs on {settings.Home.Root} ({settings.Environment.Name}): one brain per home and environment, "
            + $"since both would write the same database. Talk to it ({status}), or stop it first "
            + "('./anima stop').";
    }

    /// <summary>Who holds the lock, as it wrote in <c>tmp/brain-ENV.json</c>.</summary>
    public sealed record Owner(int Pid, string Hostname, int Port, string Environment, DateTimeOffset StartedAt);
}
