using System.Text;
using Akka.Hosting;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Hosting;

/// <summary>The settings the journal's and the snapshot store's options share: how their file is opened.</summary>
internal static class SqliteStoreOptions
{
    public static void Append(StringBuilder sb, string? databaseFile, SqliteSynchronous? synchronous, int? streamIndexEvery, TimeSpan? streamIndexWhenIdleFor, Type options)
    {
        if (string.IsNullOrWhiteSpace(databaseFile))
        {
            throw new ArgumentException($"{options.Name}.DatabaseFile is not set: the plugin does not know which SQLite file to use.", nameof(databaseFile));
        }

        sb.AppendLine($"database-file = {databaseFile.ToHocon()}");
        if (synchronous is { } mode)
        {
            sb.AppendLine($"synchronous = {mode.Hocon()}");
        }

        if (streamIndexEvery is { } every)
        {
            sb.AppendLine($"stream-index.every = {every.ToHocon()}");
        }

        if (streamIndexWhenIdleFor is { } idle)
        {
            sb.AppendLine($"stream-index.when-idle-for = {idle.ToHocon()}");
        }
    }
}
