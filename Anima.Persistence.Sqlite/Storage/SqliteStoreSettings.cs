using Akka.Configuration;
using Anima.Persistence.Sqlite.Hosting;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>How a plugin opens its database file, read from its configuration section.</summary>
internal sealed record SqliteStoreSettings(
    string PluginId,
    string DatabaseFile,
    bool AutoInitialize,
    SqliteSynchronous Synchronous,
    StreamIndexing StreamIndexing)
{
    public static SqliteStoreSettings From(Config config, string pluginId)
    {
        var file = config.GetString("database-file", string.Empty);
        if (string.IsNullOrWhiteSpace(file))
        {
            throw new ConfigurationException($"{pluginId}.database-file is not set: the plugin does not know which SQLite file to use.");
        }

        return new SqliteStoreSettings(
            pluginId,
            Path.GetFullPath(file),
            config.GetBoolean("auto-initialize", true),
            SqliteSynchronousNames.Parse(config.GetString("synchronous", "normal"), $"{pluginId}.synchronous"),
            new StreamIndexing(
                config.GetInt("stream-index.every", 20_000),
                config.GetTimeSpan("stream-index.when-idle-for", TimeSpan.FromMilliseconds(200))));
    }

    /// <summary>Whether a store opened with these settings serves a plugin that asks with <paramref name="other"/>.</summary>
    public bool SameStoreAs(SqliteStoreSettings other) =>
        (DatabaseFile, AutoInitialize, Synchronous, StreamIndexing) == (other.DatabaseFile, other.AutoInitialize, other.Synchronous, other.StreamIndexing);

    public string Describe() =>
        $"auto-initialize = {AutoInitialize}, synchronous = {Synchronous}, stream-index every {StreamIndexing.Every} or "
        + $"when idle for {StreamIndexing.WhenIdleFor}";
}
