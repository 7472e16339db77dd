namespace Anima.Actors.Memory;

/// <summary>
/// Loop → Mneme: the session's viewport no longer shows the events before <paramref name="BeforeSeq"/> (a batch
/// eviction). Mneme summarises them in the background; the turn never waits for it.
/// </summary>
public sealed record Evicted(string SessionId, long BeforeSeq);
