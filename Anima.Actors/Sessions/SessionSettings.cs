using Akka.Configuration;

namespace Anima.Actors.Sessions;

public sealed record SessionSettings(int SnapshotEvery, TimeSpan PassivateAfter, int TailCapacity = SessionState.DefaultTailCapacity)
{
    public static SessionSettings From(Config config) => new(
        config.GetInt("anima.sessions.snapshot-every", 1000),
        config.GetTimeSpan("anima.sessions.passivate-after", TimeSpan.FromMinutes(5)),
        config.GetInt("anima.sessions.tail-events", SessionState.DefaultTailCapacity));
}
