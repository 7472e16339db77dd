using Akka.Configuration;

namespace Anima.Actors.Mcp;

/// <summary>How long a server may take to start (its initialize handshake and first tool list) and to answer a call.</summary>
public sealed record McpSettings(TimeSpan StartTimeout, TimeSpan CallTimeout)
{
    public static McpSettings From(Config config) => new(
        config.GetTimeSpan("anima.mcp.start-timeout", TimeSpan.FromSeconds(30)),
        config.GetTimeSpan("anima.mcp.call-timeout", TimeSpan.FromSeconds(120)));
}
