using Akka.Configuration;

namespace Anima.Actors.Gateway;

/// <param name="MaxMessageBytes">The largest message a feed sends whole: half a remoting frame, leaving room for the
/// envelope. A bigger event goes in parts (<see cref="Anima.Messages.Clients.JournaledPart"/>).</param>
public sealed record ClientSettings(int HistoryChunkEvents, int HistoryChunkBytes, TimeSpan SilenceLimit, int MaxMessageBytes = 2_000_000)
{
    /// <summary>
    /// Akka.Remote's largest frame on the brain's transport (and its socket buffers): an event of the largest tool
    /// result (anima.tools.max-result-size) must fit a message to a client. Clients set the same (client.hocon).
    /// </summary>
    public const int MaxFrameBytes = 4_000_000;

    public static ClientSettings From(Config config) => new(
        config.GetInt("anima.clients.history-chunk-events", 256),
        config.GetInt("anima.clients.history-chunk-bytes", 256_000),
        config.GetTimeSpan("anima.clients.silence-limit", TimeSpan.FromSeconds(45)),
        (int)Math.Min(int.MaxValue, (config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? MaxFrameBytes) / 2));
}
