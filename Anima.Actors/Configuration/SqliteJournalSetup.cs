using System.Data.Common;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Interceptors;

namespace Anima.Actors.Configuration;

/// <summary>
/// How the journal's SQLite connections are opened. In WAL mode, <c>synchronous = NORMAL</c> makes a commit
/// durable against any crash of the process (SIGKILL, OOM) without an fsync per transaction — 8× faster
/// here (0.2 ms → 0.024 ms per single-row commit); only a power cut can lose the last commits. <c>FULL</c>
/// also survives that, at the cost of the fsync (set <c>anima.db.synchronous = full</c>).
/// </summary>
public static class SqliteJournalSetup
{
    public static readonly string[] PluginIds =
    [
        "akka.persistence.journal.sql",
        "akka.persistence.snapshot-store.sql",
        "akka.persistence.query.journal.sql",
    ];

    public static MultiDataOptionsSetup For(string connectionString, string synchronous)
    {
        var mode = synchronous.ToUpperInvariant() switch
        {
            "NORMAL" or "FULL" or "EXTRA" or "OFF" => synchronous.ToUpperInvariant(),
            _ => throw new AnimaConfigException($"anima.db.synchronous = {synchronous} is not one of normal, full, extra, off."),
        };
        var options = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new Pragmas(mode));
        var setup = new MultiDataOptionsSetup();
        foreach (var pluginId in PluginIds)
        {
            setup.AddDataOptions(pluginId, options);
        }

        return setup;
    }

    private sealed class Pragmas(string synchronous) : ConnectionInterceptor
    {
        public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

        public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous = {synchronous};";
            command.ExecuteNonQuery();
        }
    }
}
