using System.Security.Cryptography.X509Certificates;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Actors.Configuration;
using Anima.Actors.Gateway;
using Anima.Actors.Mcp;
using Anima.Actors.Memory;
using Anima.Actors.Mind;
using Anima.Actors.Sessions;
using Anima.Actors.Trust;
using Anima.Messages;
using Anima.Messages.Serialization;
using Anima.Persistence.Sqlite;

namespace Anima.Host.Brain;

/// <summary>
/// The brain's actor system, composed once for the host (<see cref="BrainHost"/>) and its specs: Akka's own
/// configuration through Akka.Hosting's typed builders, Anima's settings (and the few of Akka's no builder carries) as
/// HOCON, and the brain's actors, each registered under its key and given the actors it needs from the registry.
/// </summary>
public static class BrainComposition
{
    public static AkkaConfigurationBuilder AddAnimaBrain(this AkkaConfigurationBuilder akka, BrainSettings settings, BrainParts parts) => akka
        .AddHocon(settings.Config, HoconAddMode.Prepend)
        .WithRemoting(Remoting(settings, parts.Certificate, parts.Authority))
        .WithClustering(new ClusterOptions { MinimumNumberOfMembers = 1 })
        .AddStartup((system, _) =>
        {
            // A cluster of one: a seed node at port 0 (as in specs) would never be reached, so the brain joins itself.
            var cluster = Cluster.Get(system);
            cluster.Join(cluster.SelfAddress);
        })
        .WithDistributedPubSub(role: string.Empty)
        .WithCustomSerializer("anima", [typeof(IAnimaMessage)], system => new AnimaSerializer(system))
        .WithBrainWire()
        .AddSessionJournal(settings)
        .AddMind(parts.Mind, SystemClock.Instance, parts.Agent.Settings.Retry, parts.Agent.Providers)
        .AddMneme(parts.Agent.Memory, parts.Agent.Providers, parts.Agent.Settings.Retry)
        .AddSessionRegistry(SessionSettings.From(settings.Config), parts.Agent, withMind: parts.Mind.Enabled)
        .AddSessionIndex(SqliteDatabase.ConnectionString(settings.DatabaseFile))
        .AddDatabaseWatch(settings.DatabaseFile)
        .AddMcp(settings.Home, parts.McpServers, parts.Agent.Shelf!, McpSettings.From(settings.Config))
        .AddGateway(parts.Info, parts.Token, withMind: parts.Mind.Enabled);

    /// <summary>
    /// Akka.Remote over mutual TLS: the brain presents its certificate and accepts a peer only when our CA issued the
    /// peer's; a peer without one never completes a handshake, so it never reaches Akka's protocol. The certificate and
    /// the validator go in as a DotNettySslSetup; what the options do not carry — batching, untrusted mode, trusted
    /// selection paths — is in anima.hocon, the transport class in <see cref="BrainWire"/>.
    /// </summary>
    private static RemoteOptions Remoting(BrainSettings settings, X509Certificate2 certificate, X509Certificate2 authority)
    {
        var options = new RemoteOptions
        {
            HostName = settings.Hostname,
            Port = settings.Port,
            MaxFrameSize = ClientSettings.MaxFrameBytes,
            SendBufferSize = ClientSettings.MaxFrameBytes,
            ReceiveBufferSize = ClientSettings.MaxFrameBytes,
            EnableSsl = !PlainTcpBaseline.On,
        };
        if (!PlainTcpBaseline.On)
        {
            options.Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                SuppressValidation = false,
                ValidateCertificateHostname = false,
                CustomValidator = PeerValidation.IssuedBy(authority),
            };
        }

        return options;
    }
}
