using Akka.Configuration;
using Anima.Persistence.Sqlite.Hosting;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary><see cref="SqliteSynchronous"/> as HOCON and SQLite spell it.</summary>
internal static class SqliteSynchronousNames
{
    public static SqliteSynchronous Parse(string configured, string path) =>
        configured.All(char.IsLetter) && Enum.TryParse<SqliteSynchronous>(configured, ignoreCase: true, out var mode)
            ? mode
            : throw new ConfigurationException($"{path} = {configured} is not one of normal, full, extra, off.");

    public static string Hocon(this SqliteSynchronous mode) => mode.ToString().ToLowerInvariant();

    public static string Pragma(this SqliteSynchronous mode) => mode.ToString().ToUpperInvariant();
}
