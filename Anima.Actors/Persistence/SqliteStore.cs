using Akka.Actor;
using Akka.Configuration;
using Anima.Actors.Configuration;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Persistence;

/// <summary>
/// The brain's SQLite file as the actor system's journal and snapshot store: its schema made current once,
/// written through one <see cref="GroupCommitWriter"/>, read by pooled connections beside it (WAL).
/// </summary>
public sealed class SqliteStore : IExtension
{
    private readonly string _connectionString;

    internal SqliteStore(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        var file = config.GetString("anima.db.file", string.Empty);
        if (string.IsNullOrEmpty(file))
        {
            throw new ConfigurationException("anima.db.file is not set: the journal does not know which SQLite file to use.");
        }

        var synchronous = SqliteDatabase.SynchronousMode(config.GetString("anima.db.synchronous", "normal"));
        _connectionString = SqliteDatabase.ConnectionString(file);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Checkpoints are mostly the checkpointer's job, off the write path. But under writes that never pause
        // its passive passes never catch up, the WAL is never started over, and the file grows by every page each
        // commit dirties (measured: 200 MB in two seconds of twenty streams writing, and 20 % of the CPU in the
        // kernel zeroing fresh file blocks). So the writer keeps SQLite's own checkpoint, at 16,000 WAL pages (64 MB):
        // it copies only what the checkpointer has not, and the WAL then starts over, reusing the file. Each such
        // checkpoint stalls a commit for its two fsyncs, and a page rewritten by many commits is copied once per
        // checkpoint: at 4,000 pages a hundred sessions writing at once got 11 % fewer events through (medians of
        // seven rounds, four alternating runs), at 8,000 about 6 % fewer.
        // The writer's page cache holds the index pages a hundred sessions writing at once keep touching.
        SqliteDatabase.Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = 16000; PRAGMA cache_size = -8192;");
        StoreSchema.EnsureCurrent(connection);
        var checkpointer = new WalCheckpointer(_connectionString);
        var indexing = new StreamIndexing(
            config.GetInt("anima.db.stream-index.every", 20_000),
            config.GetTimeSpan("anima.db.stream-index.when-idle-for", TimeSpan.FromMilliseconds(200)));
        Writer = new GroupCommitWriter(connection, indexing, checkpointer.Written);
        Codec = new EventCodec(system.Serialization);
        system.RegisterOnTermination(() =>
        {
            Writer.Dispose();
            checkpointer.Dispose();
        });
    }

    internal GroupCommitWriter Writer { get; }

    internal EventCodec Codec { get; }

    /// <summary>What the one writer has done so far (the bench reads it).</summary>
    public JournalWriterStats WriterStats => Writer.Stats;

    /// <summary>
    /// Brings the stream index up to date now, after whatever writes are queued; the bench counts it in the
    /// time it measures, so a write's whole cost is in its figures, not only the part paid before the ack.
    /// </summary>
    public Task IndexStreamsAsync() => Writer.IndexStreamsAsync();

    public static SqliteStore Get(ActorSystem system) => system.WithExtension<SqliteStore, SqliteStoreProvider>();

    /// <summary>Runs a query on a pooled connection of its own, off the calling actor's thread.</summary>
    internal Task<T> Read<T>(Func<SqliteConnection, T> query) => Task.Run(() =>
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return query(connection);
    });
}
