using Anima.Client.Configuration;
using Akka.Configuration;

namespace Anima.Actors.Gateway;

/// <param name="MaxMessageBytes">The largest message a feed sends whole: half a remoting frame, leaving room for the
/// envelope. A bigger event goes in parts (<see cref="Anima.Messages.Clients.JournaledPart"/>).</param>
public sealed record ClientSettings(int HistoryChunkEvents, int HistoryChunkBytes, TimeSpan SilenceLimit, int MaxMessageBytes = 2_000_000)
{
    /// <inheritdoc cref="ClientConfig.MaxFrameBytes"/>
    public const int MaxFrameBytes = ClientConfig.MaxFrameBytes;

    public static ClientSettings From(Config config) => new(
        config.GetInt("anima.clients.history-chunk-events", 256),
        config.GetInt("anima.clients.history-chunk-bytes", 256_000),
        config.GetTimeSpan("anima.clients.silence-limit", TimeSpan.FromSeconds(45)),
        (int)Math.Min(int.MaxValue, (config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? MaxFrameBytes) / 2));
}
