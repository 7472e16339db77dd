using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// Moves committed pages from the WAL into the database file on a connection of its own, a moment after
/// writes happen, so the writer's own checkpoint (at 16,000 pages, see <see cref="SqliteStore"/>) finds little
/// left to copy and commits rarely wait for one. An idle store never checkpoints.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _written = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WalCheckpointer(string connectionString)
    {
        _connection = SqliteDatabase.Open(connectionString);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Something was committed: a checkpoint follows shortly.</summary>
    public void Written()
    {
        if (_written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled by another commit
            }
        }
    }

    /// <summary>Stops and leaves the WAL empty, so the database file alone holds everything.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(30));
        Checkpoint("TRUNCATE");
        _connection.Dispose();
        _stop.Dispose();
        _written.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await _written.WaitAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(Pause, _stop.Token).ConfigureAwait(false);
                Checkpoint("PASSIVE");
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    private void Checkpoint(string mode)
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // busy or failing: the next write asks again, and SQLite checkpoints a WAL it opens anyway
        }
    }
}
