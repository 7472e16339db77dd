using System.Net;
using Anima.Client.Trust;

namespace Anima.Client;

/// <summary>Where a client finds the brain: host and port of its actor system.</summary>
public sealed record BrainAddress(string Host, int Port)
{
    public const string SystemName = "anima";

    /// <summary>Akka.Remote over TLS (mutual: each end presents a certificate our CA issued); plain for the bench's baseline.</summary>
    public static string Protocol => Trust.PlainTcpBaseline.On ? "akka.tcp" : "akka.ssl.tcp";

    /// <summary>The brain's actor system, for paths to its actors.</summary>
    public string SystemAddress => $"{Protocol}://{SystemName}@{Host}:{Port}";

    public string GatewayPath => SystemAddress + Anima.Messages.Clients.ClientProtocol.GatewayPath;

    /// <summary>Parses "host:port" or ":port"; "localhost" becomes 127.0.0.1, the name the brain binds.</summary>
    public static BrainAddress Parse(string value, int defaultPort)
    {
        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        var host = colon >= 0 ? text[..colon] : text;
        var port = defaultPort;
        if (colon >= 0 && (!int.TryParse(text[(colon + 1)..], out port) || port is <= 0 or > 65535))
        {
            throw new FormatException($"'{value}' is not HOST:PORT (for example 127.0.0.1:42134).");
        }

        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            host = IPAddress.Loopback.ToString();
        }

        return new BrainAddress(host, port);
    }

    public override string ToString() => $"{Host}:{Port}";
}
