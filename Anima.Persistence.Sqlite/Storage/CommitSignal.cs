namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// Tells whoever waits that the writer has committed. A waiter takes <see cref="Next"/> before it reads, so a
/// commit between its read and its wait still wakes it. A commit nobody waits for costs one read of a field.
/// </summary>
internal sealed class CommitSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _next;

    /// <summary>Completes at the first commit after this call.</summary>
    public Task Next()
    {
        lock (_gate)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }
    }

    /// <summary>Called by the writer after each commit.</summary>
    public void Committed()
    {
        if (Volatile.Read(ref _next) is null)
        {
            return;
        }

        TaskCompletionSource? waiting;
        lock (_gate)
        {
            waiting = _next;
            _next = null;
        }

        waiting?.TrySetResult();
    }
}
