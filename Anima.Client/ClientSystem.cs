using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Anima.Client.Configuration;
using Anima.Client.Trust;

namespace Anima.Client;

/// <summary>
/// The one place a client's actor system is made (CLI commands, the TUI, the bench, specs): remoting over TLS with
/// the client's certificate, trusting only a brain whose certificate our CA issued for the address dialed.
/// </summary>
public static class ClientSystem
{
    public static ActorSystem Create(string name, ClientCredentials credentials, BrainAddress brain)
    {
        var bind = ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.hostname = \"{LocalAddressToward(brain)}\"");
        if (PlainTcpBaseline.On)
        {
            return ActorSystem.Create(name, bind.WithFallback(ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = off")).WithFallback(ClientConfig.ForClient()));
        }

        var setup = BootstrapSetup.Create()
            .WithConfig(bind.WithFallback(ClientConfig.ForClient()))
            .And(new DotNettySslSetup(
                credentials.Certificate,
                suppressValidation: false,
                requireMutualAuthentication: true,
                validateCertificateHostname: false,
                PeerValidation.IssuedBy(credentials.Authority)));
        return ActorSystem.Create(name, setup);
    }

    /// <summary>
    /// The address of this machine that reaches the brain: a client's own address travels with every message, and
    /// the brain answers there should the link be made again from its side. Loopback for a brain on this machine.
    /// </summary>
    private static string LocalAddressToward(BrainAddress brain)
    {
        if (!IPAddress.TryParse(brain.Host, out var ip))
        {
            ip = Dns.GetHostAddresses(brain.Host).FirstOrDefault();
        }

        if (ip is null || IPAddress.IsLoopback(ip))
        {
            return ip?.AddressFamily == AddressFamily.InterNetworkV6 ? "::1" : "127.0.0.1";
        }

        try
        {
            using var probe = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(ip, brain.Port); // UDP: no packet is sent, the kernel only picks the route
            return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
        }
        catch (SocketException)
        {
            return "0.0.0.0";
        }
    }
}
