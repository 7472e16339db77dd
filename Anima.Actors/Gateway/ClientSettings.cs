using Akka.Configuration;

namespace Anima.Actors.Gateway;

public sealed record ClientSettings(int HistoryChunkEvents, int HistoryChunkBytes, TimeSpan SilenceLimit)
{
    public static ClientSettings From(Config config) => new(
        config.GetInt("anima.clients.history-chunk-events", 256),
        config.GetInt("anima.clients.history-chunk-bytes", 256_000),
        config.GetTimeSpan("anima.clients.silence-limit", TimeSpan.FromSeconds(45)));
}
