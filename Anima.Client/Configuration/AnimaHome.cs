using System.Runtime.InteropServices;

namespace Anima.Client.Configuration;

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

    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the folders that are missing; every one is the user's alone (0700), whatever the umask, and a home
    /// made before that rule is put right.
    /// </summary>
    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, Db, Config, Log, Tmp })
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir);
            }
            else
            {
                Directory.CreateDirectory(dir, PrivateFolder);
                if (File.GetUnixFileMode(dir) != PrivateFolder)
                {
                    File.SetUnixFileMode(dir, PrivateFolder);
                }
            }
        }
    }

    /// <summary>
    /// The database, its WAL and shared-memory files and the logs are the user's alone (0600). SQLite gives a new
    /// WAL the database file's mode, so a database is created 0600 before SQLite first opens it (an empty file is an
    /// empty database); files of an older home are put right.
    /// </summary>
    public void MakePrivate(string databaseFile)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(databaseFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(databaseFile)!, PrivateFolder);
            using (new FileStream(databaseFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile }))
            {
            }
        }

        var files = new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" }
            .Concat(Directory.Exists(Log) ? Directory.EnumerateFiles(Log) : []);
        foreach (var file in files.Where(File.Exists))
        {
            if ((File.GetUnixFileMode(file) & ~PrivateFile) != 0)
            {
                File.SetUnixFileMode(file, PrivateFile);
            }
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
