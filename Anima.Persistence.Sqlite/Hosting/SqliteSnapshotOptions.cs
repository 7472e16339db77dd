using System.Text;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Hosting;

/// <summary>
/// The SQLite snapshot store. On the journal's file it shares the journal's writer, which is opened with the
/// settings of whichever starts first: give both the same (<see cref="SqlitePersistenceHostingExtensions"/> does).
/// </summary>
public sealed class SqliteSnapshotOptions : SnapshotOptions
{
    public SqliteSnapshotOptions()
        : this(isDefaultPlugin: true)
    {
    }

    public SqliteSnapshotOptions(bool isDefaultPlugin, string identifier = SqlitePersistence.DefaultIdentifier)
        : base(isDefaultPlugin)
    {
        Identifier = identifier;
        AutoInitialize = true;
    }

    public override string Identifier { get; set; }

    /// <summary>The SQLite file (required).</summary>
    public string? DatabaseFile { get; set; }

    /// <inheritdoc cref="SqliteSynchronous"/>
    public SqliteSynchronous? Synchronous { get; set; }

    public int? StreamIndexEvery { get; set; }

    public TimeSpan? StreamIndexWhenIdleFor { get; set; }

    protected override Config InternalDefaultConfig => SqlitePersistence.DefaultSnapshotStoreConfiguration;

    /// <summary>A snapshot store on the journal's file, with the journal's settings.</summary>
    public static SqliteSnapshotOptions For(SqliteJournalOptions journal) =>
        new(journal.IsDefaultPlugin, journal.Identifier)
        {
            DatabaseFile = journal.DatabaseFile,
            Synchronous = journal.Synchronous,
            StreamIndexEvery = journal.StreamIndexEvery,
            StreamIndexWhenIdleFor = journal.StreamIndexWhenIdleFor,
            AutoInitialize = journal.AutoInitialize,
        };

    protected override StringBuilder Build(StringBuilder sb)
    {
        SqliteStoreOptions.Append(sb, DatabaseFile, Synchronous, StreamIndexEvery, StreamIndexWhenIdleFor, GetType());
        return base.Build(sb);
    }
}
