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
        var lockFile = Path.Combine(home.Tmp, $"brain-{settings.Environment.Name}.lock");
        var infoFile = Path.Combine(home.Tmp, $"brain-{settings.Environment.Name}.json");
        FileStream held;
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second brain's open fails at once.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            held = new FileStream(lockFile, options);
        }
        catch (IOException)
        {
            throw new AnimaConfigException(AlreadyRunning(settings, infoFile));
        }

        var info = new RunningBrain(Environment.ProcessId, settings.Hostname, settings.Port, settings.Environment.Name, DateTimeOffset.Now);
        AnimaHome.WritePrivateFile(infoFile, JsonSerializer.Serialize(info));
        return new BrainLock(held, infoFile);
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
        RunningBrain? other = null;
        try
        {
            other = JsonSerializer.Deserialize<RunningBrain>(File.ReadAllText(infoFile));
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            // named as well as we can below
        }

        var who = other is null
            ? "Another brain"
            : $"Another brain (pid {other.Pid}, listening on {other.Hostname}:{other.Port} since {other.StartedAt:yyyy-MM-dd HH:mm:ss})";
        var status = other is null ? "'./anima status'" : $"'./anima status --host {other.Hostname}:{other.Port}'";
        return $"{who} already runs on {settings.Home.Root} ({settings.Environment.Name}): one brain per home and environment, "
            + $"since both would write the same database. Talk to it ({status}), or stop it first "
            + $"('systemctl --user stop anima' for the service{(other is null ? string.Empty : $", or 'kill {other.Pid}'")}).";
    }

    private sealed record RunningBrain(int Pid, string Hostname, int Port, string Environment, DateTimeOffset StartedAt);
}
