using Akka.Configuration;

namespace Anima.Actors.Configuration;

/// <summary>The resolved settings a brain starts with.</summary>
public sealed record BrainSettings(
    AnimaHome Home,
    AnimaEnvironment Environment,
    string Hostname,
    int Port,
    string DatabaseFile,
    Config Config)
{
    public int SnapshotEvery => Config.GetInt("anima.sessions.snapshot-every", 100);

    public TimeSpan PassivateAfter => Config.GetTimeSpan("anima.sessions.passivate-after", TimeSpan.FromMinutes(5));

    public int HistoryChunkEvents => Config.GetInt("anima.clients.history-chunk-events", 256);

    public int HistoryChunkBytes => Config.GetInt("anima.clients.history-chunk-bytes", 256_000);
}
