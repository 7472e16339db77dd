using Akka.Actor;
using Akka.Configuration;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite;

/// <summary>
/// The plugin's side of an actor system: its defaults, injected as a fallback as Akka's own plugins do, and
/// the open database files, one <see cref="SqliteStore"/> each, so a journal and a snapshot store on one file
/// share its writer.
/// </summary>
public sealed class SqlitePersistence : IExtension
{
    /// <summary>The plugins' identifier unless told otherwise: <c>akka.persistence.journal.anima-sqlite</c> and so on.</summary>
    public const string DefaultIdentifier = "anima-sqlite";

    public const string JournalConfigPath = "akka.persistence.journal." + DefaultIdentifier;

    public const string SnapshotStoreConfigPath = "akka.persistence.snapshot-store." + DefaultIdentifier;

    public const string QueryConfigPath = "akka.persistence.query.journal." + DefaultIdentifier;

    private readonly ExtendedActorSystem _system;
    private readonly Dictionary<string, SqliteStore> _stores = new(StringComparer.Ordinal);

    internal SqlitePersistence(ExtendedActorSystem system)
    {
        _system = system;
        system.Settings.InjectTopLevelFallback(DefaultConfiguration);
        system.RegisterOnTermination(() =>
        {
            lock (_stores)
            {
                foreach (var store in _stores.Values)
                {
                    store.Dispose();
                }

                _stores.Clear();
            }
        });
    }

    /// <summary>Every default of the journal, snapshot store and read journal (<c>sqlite-persistence.conf</c>).</summary>
    public static Config DefaultConfiguration { get; } =
        ConfigurationFactory.FromResource<SqlitePersistence>("Anima.Persistence.Sqlite.sqlite-persistence.conf");

    public static Config DefaultJournalConfiguration { get; } = DefaultConfiguration.GetConfig(JournalConfigPath);

    public static Config DefaultSnapshotStoreConfiguration { get; } = DefaultConfiguration.GetConfig(SnapshotStoreConfigPath);

    public static Config DefaultQueryConfiguration { get; } = DefaultConfiguration.GetConfig(QueryConfigPath);

    public static SqlitePersistence Get(ActorSystem system) => system.WithExtension<SqlitePersistence, SqlitePersistenceProvider>();

    /// <summary>The store the journal at <paramref name="journalPluginId"/> writes (opened if it is not yet).</summary>
    public SqliteStore StoreOf(string journalPluginId) =>
        Open(SqliteStoreSettings.From(_system.Settings.Config.GetConfig(journalPluginId).WithFallback(DefaultJournalConfiguration), journalPluginId));

    /// <summary>
    /// The store of <paramref name="settings"/>' file: opened by the first plugin that asks, shared by the
    /// others, which must ask for it with the same settings.
    /// </summary>
    internal SqliteStore Open(SqliteStoreSettings settings)
    {
        SqliteStore? store;
        lock (_stores)
        {
            // Opened under the lock: two plugins starting at once must not both open a writer on one file. A
            // failed open is not remembered, so a plugin restarted by its supervisor tries again.
            if (!_stores.TryGetValue(settings.DatabaseFile, out store))
            {
                _stores[settings.DatabaseFile] = store = new SqliteStore(settings);
            }
        }

        if (!store.Settings.SameStoreAs(settings))
        {
            throw new ConfigurationException(
                $"{settings.PluginId} opens {settings.DatabaseFile} with other settings than {store.Settings.PluginId} did "
                + $"({settings.Describe()} against {store.Settings.Describe()}); one file has one writer: give both the same settings.");
        }

        return store;
    }
}
