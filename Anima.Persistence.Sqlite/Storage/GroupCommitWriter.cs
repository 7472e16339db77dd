using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// The one connection that writes to the store's SQLite file. Whatever is waiting when a commit ends goes
/// into the next transaction together: a hundred actors persisting at once cost one commit, not a hundred,
/// while a lone write is committed at once, without waiting for company. Between writes it keeps the stream
/// index up to date (<see cref="StreamQueries"/>): once <see cref="StreamIndexing.Every"/> events wait for it,
/// and when no write has come for <see cref="StreamIndexing.WhenIdleFor"/>.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private const int MaxWritesPerCommit = 1000;

    private static readonly Action<StoreWrites> IndexStreams = static writes => writes.IndexStreams();

    private readonly SqliteConnection _connection;
    private readonly StreamIndexing _indexing;
    private readonly Action _committed;
    private readonly StoreWrites _writes;
    private readonly Channel<PendingWrite> _queue =
        Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _commits;
    private long _writesCommitted;
    private long _busyTicks;
    private long _walFrames;

    /// <param name="committed">Told after each commit (on the writer's thread; keep it cheap).</param>
    public GroupCommitWriter(SqliteConnection connection, StreamIndexing indexing, Action committed)
    {
        _connection = connection;
        _indexing = indexing;
        _committed = committed;
        _writes = new StoreWrites(connection);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once <paramref name="apply"/>'s changes are committed, or fails with why they were not.</summary>
    public Task Write(Action<StoreWrites> apply)
    {
        var write = new PendingWrite(apply);
        return _queue.Writer.TryWrite(write)
            ? write.Done
            : Task.FromException(new ObjectDisposedException(nameof(GroupCommitWriter), "The journal is shut down."));
    }

    /// <summary>Brings the stream index up to date after the writes queued before.</summary>
    public Task IndexStreamsAsync() => Write(IndexStreams);

    /// <summary>What the writer has done so far; read from any thread.</summary>
    public JournalWriterStats Stats => new(
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _writesCommitted),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks)),
        Interlocked.Read(ref _walFrames));

    /// <summary>Commits what was queued before, indexes it, then closes the connection.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
        if (_writes.Unindexed > 0)
        {
            IndexNow();
        }

        _writes.Dispose();
        _connection.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>();
        var reader = _queue.Reader;
        while (await WritesOrIdleIndexingAsync(reader).ConfigureAwait(false))
        {
            while (batch.Count < MaxWritesPerCommit && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            CommitTogether(batch);
            batch.Clear();
            if (_writes.Unindexed >= _indexing.Every)
            {
                IndexNow();
            }
        }
    }

    /// <summary>Waits for writes (false: there will be none); if none come for a moment, indexes meanwhile.</summary>
    private async Task<bool> WritesOrIdleIndexingAsync(ChannelReader<PendingWrite> reader)
    {
        var writes = reader.WaitToReadAsync();
        if (writes.IsCompleted || _writes.Unindexed == 0)
        {
            return await writes.ConfigureAwait(false);
        }

        var waiting = writes.AsTask();
        if (await Task.WhenAny(waiting, Task.Delay(_indexing.WhenIdleFor)).ConfigureAwait(false) != waiting)
        {
            IndexNow();
        }

        return await waiting.ConfigureAwait(false);
    }

    /// <summary>In a commit of its own, after the writes before it are acknowledged; if it fails, the next one does it.</summary>
    private void IndexNow() => CommitTogether([new PendingWrite(IndexStreams)]);

    private void CommitTogether(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Commit(batch);
            foreach (var write in batch)
            {
                write.Succeeded();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad write (a duplicate sequence number, say) must not fail the writes it shared a
            // transaction with: each goes again in a transaction of its own.
            foreach (var write in batch)
            {
                CommitAlone(write);
            }
        }
        catch (Exception ex)
        {
            batch[0].Failed(ex);
        }
        finally
        {
            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private void CommitAlone(PendingWrite write)
    {
        try
        {
            Commit([write]);
            write.Succeeded();
        }
        catch (Exception ex)
        {
            write.Failed(ex);
        }
    }

    private void Commit(IReadOnlyList<PendingWrite> writes)
    {
        using var transaction = _connection.BeginTransaction();
        _writes.Enlist(transaction);
        foreach (var write in writes)
        {
            write.Apply(_writes);
        }

        _writes.Complete();
        transaction.Commit();
        _writes.Committed();
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writesCommitted, writes.Count);
        // Pages the commit wrote to the WAL (each a write now and a copy at the next checkpoint), read and reset.
        raw.sqlite3_db_status(_connection.Handle, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var frames, out _, 1);
        Interlocked.Add(ref _walFrames, frames);
        _committed();
    }

    private sealed class PendingWrite(Action<StoreWrites> apply)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public void Apply(StoreWrites writes) => apply(writes);

        public void Succeeded() => _done.TrySetResult();

        public void Failed(Exception cause) => _done.TrySetException(cause);
    }
}
