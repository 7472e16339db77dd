using System.Collections.Concurrent;
using System.Diagnostics;
using Anima.Client;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Bench;

/// <summary>
/// A remote client (<see cref="BrainClient"/>) whose pushes are read as they arrive and routed to one
/// <see cref="SessionProbe"/> per session, so many sessions can share one client.
/// </summary>
public sealed class ProbedClient : IAsyncDisposable
{
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, SessionProbe> _probes = new();
    private readonly Task _reader;

    public ProbedClient(BrainClient client)
    {
        Client = client;
        _reader = Task.Run(ReadAsync);
    }

    public BrainClient Client { get; }

    public SessionProbe Probe(string sessionId) => _probes.GetOrAdd(sessionId, _ => new SessionProbe());

    public async Task<string> NewAttachedSessionAsync(string title)
    {
        var id = await Client.CreateSessionAsync(title);
        var probe = Probe(id);
        probe.ArmHistory();
        Client.Attach(id);
        await probe.HistoryDone.WaitAsync(TurnTimeout);
        return id;
    }

    /// <summary>One turn: post, then wait for the reply to end. Times are from the post.</summary>
    public async Task<TurnTiming> TurnAsync(string sessionId, string text)
    {
        var probe = Probe(sessionId);
        probe.ArmTurn();
        var postedAt = Stopwatch.GetTimestamp();
        await Client.PostAsync(sessionId, text);
        var ackMs = Samples.Ms(postedAt, Stopwatch.GetTimestamp());
        await Task.WhenAny(probe.FirstDelta, probe.Ended).WaitAsync(TurnTimeout);
        if (!probe.FirstDelta.IsCompleted)
        {
            throw new InvalidOperationException($"The turn in {sessionId} ended ({probe.Ended.Result}) without streaming any text.");
        }

        var firstDeltaAt = probe.FirstDelta.Result;
        var outcome = await probe.Ended.WaitAsync(TurnTimeout);
        return new TurnTiming(ackMs, Samples.Ms(postedAt, firstDeltaAt), Samples.Ms(postedAt, Stopwatch.GetTimestamp()), outcome, postedAt);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReadAsync()
    {
        await foreach (var push in Client.Pushes.ReadAllAsync())
        {
            var at = Stopwatch.GetTimestamp();
            switch (push)
            {
                case TextDelta delta:
                    Probe(delta.SessionId).OnDelta(at, delta.Text.Length);
                    break;
                case TurnEnded ended:
                    Probe(ended.SessionId).OnEnded(ended.Outcome);
                    break;
                case HistoryChunk chunk:
                    Probe(chunk.SessionId).OnHistory(chunk.Events.Count, chunk.Last);
                    break;
            }
        }
    }
}

public sealed record TurnTiming(double AckMs, double FirstDeltaMs, double TurnMs, TurnOutcome Outcome, long PostedAt);
