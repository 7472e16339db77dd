using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Hosting;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Persistence.Sqlite.Hosting;
using Anima.Persistence.Sqlite.Query;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>
/// A TestKit spec with the plugin as the actor system's journal, snapshot store and read journal, on a
/// database file of its own, configured as a host without Akka.Hosting would: the options' HOCON.
/// </summary>
public abstract class PluginSpec : Akka.TestKit.Xunit.TestKit
{
    /// <param name="overrides">HOCON over the plugin's; <c>{database-file}</c> in it stands for this spec's file.</param>
    /// <param name="openFileFirst">Open the file (and make its tables) before the spec; false for a spec that writes an older file itself.</param>
    protected PluginSpec(
        string? overrides = null, Action<SqliteJournalOptions>? options = null, Action<AkkaPersistenceJournalBuilder>? adapters = null, bool openFileFirst = true)
        : this(NewFolder(), overrides, options, adapters, openFileFirst)
    {
    }

    private PluginSpec(string folder, string? overrides, Action<SqliteJournalOptions>? options, Action<AkkaPersistenceJournalBuilder>? adapters, bool openFileFirst)
        : base(ConfigFor(folder, overrides, options, adapters), "plugin-spec")
    {
        Folder = folder;
        if (openFileFirst)
        {
            // Opened (its tables made) here, not inside a spec's first expectation.
            SqlitePersistence.Get(Sys).StoreOf(SqlitePersistence.JournalConfigPath);
        }
    }

    /// <summary>The folder of this spec's database file, removed when it ends.</summary>
    protected string Folder { get; }

    protected string DatabaseFile => Path.Combine(Folder, "journal.db");

    protected SqliteReadJournal ReadJournal => PersistenceQuery.Get(Sys).ReadJournalFor<SqliteReadJournal>(SqliteReadJournal.Identifier);

    /// <summary>
    /// Has <paramref name="recorder"/> persist <paramref name="count"/> events ("event 1", … unless
    /// <paramref name="eventFor"/> says otherwise), each acknowledged before the next: a commit each.
    /// </summary>
    protected void RecordOneByOne(IActorRef recorder, int count, Func<int, object>? eventFor = null)
    {
        for (var n = 1; n <= count; n++)
        {
            recorder.Tell(new Record(eventFor?.Invoke(n) ?? $"event {n}"), TestActor);
            ExpectMsg<long>();
        }
    }

    /// <summary>Runs a current query to its end.</summary>
    protected Task<IImmutableList<T>> All<T>(Source<T, Akka.NotUsed> query) => query.RunWith(Sink.Seq<T>(), Sys.Materializer());

    /// <summary>The first column of the first row <paramref name="sql"/> selects from the database file (0 for none).</summary>
    protected long CountRows(string sql)
    {
        using var connection = new SqliteConnection(SqliteDatabase.ConnectionString(DatabaseFile));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    /// <summary>Stops <paramref name="actor"/> and waits until it has.</summary>
    protected void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // tmp is cleaned anyway
            }
        }
    }

    private static string NewFolder() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "anima-plugin-" + Guid.NewGuid().ToString("N")[..10])).FullName;

    private static Config ConfigFor(string folder, string? overrides, Action<SqliteJournalOptions>? configure, Action<AkkaPersistenceJournalBuilder>? adapters)
    {
        var options = new SqliteJournalOptions { DatabaseFile = Path.Combine(folder, "journal.db") };
        configure?.Invoke(options);
        // {database-file} in the overrides stands for this spec's file, quoted.
        var hocon = overrides?.Replace("{database-file}", "\"" + options.DatabaseFile + "\"", StringComparison.Ordinal);
        // Expectations wait up to 10 s, not 3: a fresh system's first write runs cold code, and CI shares two cores.
        return ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.test.single-expect-default = 10s\n" + hocon)
            .WithFallback(SqlitePersistenceHostingExtensions.ToConfig(options, configureJournal: adapters));
    }
}
