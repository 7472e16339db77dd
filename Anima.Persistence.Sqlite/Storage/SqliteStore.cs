using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// One SQLite file as a journal and snapshot store: its schema made current once, written through one
/// <see cref="GroupCommitWriter"/>, read by pooled connections beside it (WAL).
/// </summary>
public sealed class SqliteStore : IDisposable
{
    private readonly string _connectionString;
    private readonly WalCheckpointer _checkpointer;

    internal SqliteStore(SqliteStoreSettings settings)
    {
        Settings = settings;
        var file = settings.DatabaseFile;
        if (settings.AutoInitialize)
        {
            SqliteDatabase.Prepare(file);
        }
        else if (!File.Exists(file))
        {
            throw new ConfigurationException($"{file} does not exist and {settings.PluginId}.auto-initialize is off: create it, or turn auto-initialize on.");
        }

        _connectionString = SqliteDatabase.ConnectionString(file);
        var connection = SqliteDatabase.Open(_connectionString);
        // Checkpoints are mostly the checkpointer's job, off the write path. But under writes that never pause
        // its passive passes never catch up, the WAL is never started over, and the file grows by every page each
        // commit dirties (measured: 200 MB in two seconds of twenty streams writing, and 20 % of the CPU in the
        // kernel zeroing fresh file blocks). So the writer keeps SQLite's own checkpoint, at 16,000 WAL pages (64 MB):
        // it copies only what the checkpointer has not, and the WAL then starts over, reusing the file. Each such
        // checkpoint stalls a commit for its two fsyncs, and a page rewritten by many commits is copied once per
        // checkpoint: at 4,000 pages a hundred streams writing at once got 11 % fewer events through (medians of
        // seven rounds, four alternating runs), at 8,000 about 6 % fewer.
        // The writer's page cache holds the index pages a hundred streams writing at once keep touching.
        SqliteDatabase.Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {settings.Synchronous.Pragma()}; PRAGMA wal_autocheckpoint = 16000; PRAGMA cache_size = -8192;");
        StoreSchema.EnsureCurrent(connection, settings);
        _checkpointer = new WalCheckpointer(_connectionString);
        Writer = new GroupCommitWriter(connection, settings.StreamIndexing, Committed);
    }

    /// <summary>What the one writer has done so far (the bench reads it).</summary>
    public JournalWriterStats WriterStats => Writer.Stats;

    internal SqliteStoreSettings Settings { get; }

    internal GroupCommitWriter Writer { get; }

    /// <summary>Completes at the writer's next commit: what live queries wait for.</summary>
    internal CommitSignal Commits { get; } = new();

    /// <summary>
    /// Brings the stream index up to date now, after whatever writes are queued; the bench counts it in the
    /// time it measures, so a write's whole cost is in its figures, not only the part paid before the ack.
    /// </summary>
    public Task IndexStreamsAsync() => Writer.IndexStreamsAsync();

    /// <summary>Runs a query on a pooled connection of its own, off the calling actor's thread.</summary>
    internal Task<T> Read<T>(Func<SqliteConnection, T> query) => Task.Run(() =>
    {
        using var connection = SqliteDatabase.Open(_connectionString);
        return query(connection);
    });

    /// <summary>Commits what is queued, then leaves the WAL empty, so the database file alone holds everything.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        _checkpointer.Dispose();
    }

    private void Committed()
    {
        _checkpointer.Written();
        Commits.Committed();
    }
}
