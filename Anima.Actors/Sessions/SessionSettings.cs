using Akka.Configuration;

namespace Anima.Actors.Sessions;

/// <param name="TrimMemoryAfter">Sessions passivated before the brain gives their memory back (0: never).</param>
public sealed record SessionSettings(
    int SnapshotEvery,
    TimeSpan PassivateAfter,
    int TailCapacity = SessionState.DefaultTailCapacity,
    int TrimMemoryAfter = 0)
{
    public static SessionSettings From(Config config) => new(
        config.GetInt("anima.sessions.snapshot-every", 1000),
        config.GetTimeSpan("anima.sessions.passivate-after", TimeSpan.FromMinutes(5)),
        config.GetInt("anima.sessions.tail-events", SessionState.DefaultTailCapacity),
        config.GetInt("anima.sessions.trim-memory-after", 100));
}
