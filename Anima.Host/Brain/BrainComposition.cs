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
/// HOCON, and the brain's rooms, each registering its actors under their keys.
/// </summary>
public static class BrainComposition
{
    public static AkkaConfigurationBuilder AddAnimaBrain(this AkkaConfigurationBuilder akka, BrainSettings settings, BrainParts parts) =>
        Rooms(settings, parts).Aggregate(akka.AddAnimaSystem(settings, parts), (builder, room) => room(builder));

    /// <summary>The actor system the rooms live in: configuration, remoting, the cluster of one, the bus, the wire, the journal.</summary>
    public static AkkaConfigurationBuilder AddAnimaSystem(this AkkaConfigurationBuilder akka, BrainSettings settings, BrainParts parts) => akka
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
        .AddSessionJournal(settings);

    /// <summary>
    /// The brain's rooms. Each actor finds the ones it needs in the registry whenever they are registered
    /// (<c>IRequiredActor</c>, <c>Runtime/Registered</c>), so they compose in any order (a spec composes them reversed).
    /// </summary>
    public static IReadOnlyList<Func<AkkaConfigurationBuilder, AkkaConfigurationBuilder>> Rooms(BrainSettings settings, BrainParts parts) =>
    [
        akka => akka.AddMind(parts.Mind, SystemClock.Instance, parts.Agent.Settings.Retry, parts.Agent.Providers),
        akka => akka.AddMneme(parts.Agent.Memory, parts.Agent.Providers, parts.Agent.Settings.Retry, withMind: parts.Mind.Enabled),
        akka => akka.AddSessionRegistry(SessionSettings.From(settings.Config), parts.Agent, withMind: parts.Mind.Enabled),
        akka => akka.AddSessionIndex(SqliteDatabase.ConnectionString(settings.DatabaseFile)),
        akka => akka.AddDatabaseWatch(settings.DatabaseFile),
        akka => akka.AddMcp(settings.Home, parts.McpServers, parts.Agent.Shelf!, McpSettings.From(settings.Config)),
        akka => akka.AddGateway(parts.Info, parts.Token, withMind: parts.Mind.Enabled),
    ];

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
