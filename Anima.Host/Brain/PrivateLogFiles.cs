using System.Text;
using Serilog.Sinks.File;

namespace Anima.Host.Brain;

/// <summary>The brain's log holds conversations' traces: each file is the user's alone (0600), whatever the umask.</summary>
public sealed class PrivateLogFiles : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return underlyingStream;
    }
}
