using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Anima.Actors.Configuration;
using Anima.Actors.Journal;
using Anima.Client.Configuration;
using Anima.Messages.Sessions;
using Anima.Persistence.Sqlite.Hosting;

namespace Anima.Actors.Sessions;

/// <summary>
/// Where the brain keeps its sessions: the SQLite journal plugin on the environment's database file, tuned by
/// <c>anima.db</c>, with every session event tagged for the session list.
/// </summary>
public static class SessionJournal
{
    public static SqliteJournalOptions Options(BrainSettings settings) => new()
    {
        DatabaseFile = settings.DatabaseFile,
        Synchronous = Synchronous(settings.Config),
        StreamIndexEvery = settings.Config.GetInt("anima.db.stream-index.every", 20_000),
        StreamIndexWhenIdleFor = settings.Config.GetTimeSpan("anima.db.stream-index.when-idle-for", TimeSpan.FromMilliseconds(200)),
    };

    /// <summary>The brain's journal, snapshot store and read journal.</summary>
    public static AkkaConfigurationBuilder AddSessionJournal(this AkkaConfigurationBuilder builder, BrainSettings settings) =>
        builder.WithSqlitePersistence(Options(settings), configureJournal: TagSessionEvents);

    /// <summary>The same as <see cref="AddSessionJournal"/>, for an actor system built without Akka.Hosting (TestKit specs, the bench).</summary>
    public static Config Config(BrainSettings settings) =>
        SqlitePersistenceHostingExtensions.ToConfig(Options(settings), configureJournal: TagSessionEvents);

    /// <summary><c>anima.db.synchronous</c>, checked.</summary>
    public static SqliteSynchronous Synchronous(Config config)
    {
        var configured = config.GetString("anima.db.synchronous", "normal");
        return configured.All(char.IsLetter) && Enum.TryParse<SqliteSynchronous>(configured, ignoreCase: true, out var mode)
            ? mode
            : throw new AnimaConfigException($"anima.db.synchronous = {configured} is not one of normal, full, extra, off.");
    }

    private static void TagSessionEvents(AkkaPersistenceJournalBuilder journal) =>
        journal.AddWriteEventAdapter<SessionEventTagger>("session-tagger", [typeof(ISessionEvent)]);
}
