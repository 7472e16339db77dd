using System.Runtime.InteropServices;

namespace Anima.Actors.Configuration;

/// <summary>
/// The state tree: <c>$ANIMA_HOME</c> (default <c>~/.anima</c>) with db/, config/, log/ and tmp/.
/// </summary>
public sealed record AnimaHome(string Root)
{
    public string Db => Path.Combine(Root, "db");

    public string Config => Path.Combine(Root, "config");

    public string Log => Path.Combine(Root, "log");

    public string Tmp => Path.Combine(Root, "tmp");

    public string ConfigFile => Path.Combine(Config, "anima.conf");

    public string TokenFile => Path.Combine(Config, "client.token");

    public string CredentialsFile => Path.Combine(Config, "credentials");

    public string DatabaseFile(AnimaEnvironment environment) =>
        Path.Combine(Db, environment == AnimaEnvironment.Production ? "anima.db" : $"anima-{environment.Name}.db");

    public static AnimaHome FromEnvironment()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ANIMA_HOME");
        var root = string.IsNullOrWhiteSpace(fromEnv)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".anima")
            : fromEnv;
        return new AnimaHome(Path.GetFullPath(root));
    }

    /// <summary>Creates the folders that are missing; config/ is private to the user.</summary>
    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, Db, Config, Log, Tmp })
        {
            Directory.CreateDirectory(dir);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes a file only the user can read (0600), atomically.</summary>
    public static void WritePrivateFile(string path, string content)
    {
        var temp = path + ".tmp";
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(temp, content);
        }
        else
        {
            using var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(stream);
            writer.Write(content);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static bool IsPrivate(string path) =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
        || (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
}
