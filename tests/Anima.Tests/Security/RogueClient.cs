using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;

namespace Anima.Tests.Security;

/// <summary>
/// A remote system that never says Hello: it resolves the brain's actors by path and sends to them directly (no
/// selection, so untrusted mode does not apply), as the intruder of issue 14 did. It runs in the test's process,
/// an actor system of its own, talking to the brain's process over loopback.
/// </summary>
public sealed class RogueClient : IAsyncDisposable
{
    private RogueClient(ActorSystem system, string brainSystem)
    {
        System = system;
        BrainSystem = brainSystem;
    }

    public ActorSystem System { get; }

    /// <summary>The brain's system address as this rogue dials it.</summary>
    public string BrainSystem { get; }

    public Address Address => ((ExtendedActorSystem)System).Provider.DefaultAddress;

    /// <summary>With a certificate the brain's CA issued (stolen, say), and Akka's default serializers for anything else.</summary>
    public static RogueClient WithCertificate(ClientCredentials credentials, BrainAddress brain) =>
        new(ClientSystem.Create("rogue", credentials, brain), brain.SystemAddress);

    /// <summary>
    /// A cluster node named as the brain is, over TLS with a certificate the brain's CA issued: what a client would
    /// have to be to join the brain's cluster, read its gossip and use its bus.
    /// </summary>
    public static RogueClient AsClusterNode(ClientCredentials credentials, BrainAddress brain)
    {
        var config = ConfigurationFactory.ParseString("""
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
                """)
            .WithFallback(DistributedPubSub.DefaultConfig())
            .WithFallback(ClientConfig.ForClient());
        var setup = BootstrapSetup.Create().WithConfig(config).And(new DotNettySslSetup(
            credentials.Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false,
            PeerValidation.IssuedBy(credentials.Authority)));
        return new(ActorSystem.Create(BrainAddress.SystemName, setup), brain.SystemAddress);
    }

    /// <summary>Plain Akka.Remote, no TLS: what any process on the machine could run.</summary>
    public static RogueClient WithoutTls(BrainAddress brain, string name = "plain") =>
        new(
            ActorSystem.Create(name, ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = off").WithFallback(ClientConfig.ForClient())),
            $"akka.tcp://{BrainAddress.SystemName}@{brain.Host}:{brain.Port}");

    /// <summary>A direct reference to an actor of the brain, as its path names it.</summary>
    public IActorRef Resolve(string path) => ((ExtendedActorSystem)System).Provider.ResolveActorRef(BrainSystem + path);

    /// <summary>What an Ask brings back within <paramref name="within"/>, or null when nothing came.</summary>
    public async Task<object?> AskAsync(string path, object message, TimeSpan within)
    {
        try
        {
            return await Resolve(path).Ask<object>(message, within);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
}
