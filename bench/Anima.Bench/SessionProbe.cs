using System.Diagnostics;
using Anima.Messages.Sessions;

namespace Anima.Bench;

/// <summary>What one session's client sees of a turn or an attach, timestamped as it arrives.</summary>
public sealed class SessionProbe
{
    private TaskCompletionSource<long> _firstDelta = Done();
    private TaskCompletionSource<TurnOutcome> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<long> _historyDone = Done();
    private int _deltas;
    private long _characters;
    private int _historyEvents;

    public int Deltas => Volatile.Read(ref _deltas);

    /// <summary>Streamed characters this turn: the brain may send several tokens in one delta.</summary>
    public long Characters => Interlocked.Read(ref _characters);

    public int HistoryEvents => Volatile.Read(ref _historyEvents);

    public long FirstDeltaAt { get; private set; }

    public long LastDeltaAt { get; private set; }

    public Task<long> FirstDelta => _firstDelta.Task;

    public Task<TurnOutcome> Ended => _ended.Task;

    public Task<long> HistoryDone => _historyDone.Task;

    /// <summary>Call before posting: the next delta and the next TurnEnded belong to this turn.</summary>
    public void ArmTurn()
    {
        Volatile.Write(ref _deltas, 0);
        Interlocked.Exchange(ref _characters, 0);
        _firstDelta = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ended = new TaskCompletionSource<TurnOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ArmHistory()
    {
        Volatile.Write(ref _historyEvents, 0);
        _historyDone = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal void OnDelta(long at, int characters)
    {
        LastDeltaAt = at;
        Interlocked.Add(ref _characters, characters);
        if (Interlocked.Increment(ref _deltas) == 1)
        {
            FirstDeltaAt = at;
            _firstDelta.TrySetResult(at);
        }
    }

    internal void OnEnded(TurnOutcome outcome) => _ended.TrySetResult(outcome);

    internal void OnHistory(int events, bool last)
    {
        Interlocked.Add(ref _historyEvents, events);
        if (last)
        {
            _historyDone.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    private static TaskCompletionSource<long> Done()
    {
        var done = new TaskCompletionSource<long>();
        done.SetResult(0);
        return done;
    }
}
