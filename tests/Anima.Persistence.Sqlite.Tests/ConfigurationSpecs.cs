using Akka.Configuration;
using Anima.Persistence.Sqlite.Hosting;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>The plugin configured by HOCON alone gets its defaults; a configuration it cannot use says what to fix.</summary>
public sealed class ConfigurationSpecs() : PluginSpec(
    // Only what a user must say: the rest (dispatcher, synchronous, stream index) comes from the plugin's defaults.
    """
    akka.persistence.journal.plugin = "akka.persistence.journal.minimal"
    akka.persistence.journal.minimal {
      class = "Anima.Persistence.Sqlite.SqliteJournal, Anima.Persistence.Sqlite"
      database-file = {database-file}
    }
    """)
{
    [Fact]
    public void A_journal_named_by_its_class_and_file_alone_records_and_recovers()
    {
        var recorder = Sys.ActorOf(Recorder.Props("minimal"));
        RecordOneByOne(recorder, 2);
        Stop(recorder);

        var recovered = Sys.ActorOf(Recorder.Props("minimal"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);

        Assert.Equal(["event 1", "event 2"], ExpectMsg<Recorder.Events>().Items);
        Assert.Equal(2, CountRows("SELECT count(*) FROM anima_events WHERE persistence_id = 'minimal'"));
    }

    [Fact]
    public void A_plugin_without_a_database_file_says_so()
    {
        var ex = Assert.Throws<ConfigurationException>(
            () => SqliteStoreSettings.From(SqlitePersistence.DefaultJournalConfiguration, "akka.persistence.journal.nowhere"));

        Assert.Contains("akka.persistence.journal.nowhere.database-file is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_plugin_on_the_same_file_with_other_settings_is_refused_rather_than_given_a_second_writer()
    {
        var journal = SqlitePersistence.Get(Sys).StoreOf(SqlitePersistence.JournalConfigPath);
        var other = journal.Settings with { PluginId = "akka.persistence.snapshot-store.other", Synchronous = SqliteSynchronous.Full };

        var ex = Assert.Throws<ConfigurationException>(() => SqlitePersistence.Get(Sys).Open(other));

        Assert.Contains("one file has one writer", ex.Message, StringComparison.Ordinal);
        Assert.Same(journal, SqlitePersistence.Get(Sys).Open(journal.Settings with { PluginId = "akka.persistence.snapshot-store.same" }));
    }

    [Fact]
    public void Options_without_a_database_file_are_refused_when_the_configuration_is_built()
    {
        var ex = Assert.Throws<ArgumentException>(() => SqlitePersistenceHostingExtensions.ToConfig(new SqliteJournalOptions()));

        Assert.Contains("DatabaseFile is not set", ex.Message, StringComparison.Ordinal);
    }
}
