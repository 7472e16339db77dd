using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Anima.Persistence.Sqlite.Hosting;

/// <summary>The SQLite journal, snapshot store and read journal on an actor system built with Akka.Hosting.</summary>
public static class SqlitePersistenceHostingExtensions
{
    /// <summary>
    /// Journal, snapshot store and read journal on <paramref name="databaseFile"/>, as the actor system's
    /// default plugins unless told otherwise; <paramref name="configureJournal"/> adds event adapters (a tagger, say).
    /// </summary>
    public static AkkaConfigurationBuilder WithSqlitePersistence(
        this AkkaConfigurationBuilder builder,
        string databaseFile,
        Action<AkkaPersistenceJournalBuilder>? configureJournal = null,
        string pluginIdentifier = SqlitePersistence.DefaultIdentifier,
        bool isDefaultPlugin = true) =>
        builder.WithSqlitePersistence(
            new SqliteJournalOptions(isDefaultPlugin, pluginIdentifier) { DatabaseFile = databaseFile }, configureJournal: configureJournal);

    /// <summary>
    /// The journal and read journal of <paramref name="journal"/>, and a snapshot store: <paramref name="snapshot"/>,
    /// or one on the journal's file with its settings. The plugin's defaults go in as a fallback.
    /// </summary>
    public static AkkaConfigurationBuilder WithSqlitePersistence(
        this AkkaConfigurationBuilder builder,
        SqliteJournalOptions journal,
        SqliteSnapshotOptions? snapshot = null,
        Action<AkkaPersistenceJournalBuilder>? configureJournal = null) =>
        builder
            .WithJournalAndSnapshot(journal, snapshot ?? SqliteSnapshotOptions.For(journal), configureJournal, configureSnapshot: null)
            .AddHocon(journal.DefaultQueryConfig, HoconAddMode.Append);

    /// <summary>
    /// What <see cref="WithSqlitePersistence(AkkaConfigurationBuilder, SqliteJournalOptions, SqliteSnapshotOptions?, Action{AkkaPersistenceJournalBuilder}?)"/>
    /// adds, as one <see cref="Config"/>, for an actor system built without Akka.Hosting (a TestKit spec, say).
    /// </summary>
    public static Config ToConfig(
        SqliteJournalOptions journal, SqliteSnapshotOptions? snapshot = null, Action<AkkaPersistenceJournalBuilder>? configureJournal = null)
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "sqlite-persistence");
        builder.WithSqlitePersistence(journal, snapshot, configureJournal);
        return builder.Configuration.Value;
    }
}
