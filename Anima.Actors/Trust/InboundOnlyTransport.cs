using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport;

namespace Anima.Actors.Trust;

/// <summary>
/// The brain's transport: Akka.Remote's TCP transport (DotNetty, with TLS) that listens and never dials. Akka.Remote
/// shuts down a system whose outbound TLS handshake fails, and a peer chooses where the brain would dial — a reply goes
/// to whatever address a message's sender names, so one message "from" a plain HTTP port ended the brain. Clients
/// always connect to the brain, and it answers on their connection (use-passive-connections); once that connection is
/// gone, what is left for the client is dropped until it connects again, as its link does by itself.
/// </summary>
public sealed class InboundOnlyTransport : Transport
{
    private readonly Transport _tcp;

    /// <summary>Akka makes its transports with this signature (<c>transport-class</c>); the TCP one is internal to it.</summary>
    public InboundOnlyTransport(ActorSystem system, Config config)
    {
        System = system;
        Config = config;
        _tcp = (Transport)Activator.CreateInstance(Type.GetType("Akka.Remote.Transport.DotNetty.TcpTransport, Akka.Remote", throwOnError: true)!, system, config)!;
    }

    public override string SchemeIdentifier
    {
        get => _tcp.SchemeIdentifier;
        protected set { }
    }

    public override long MaximumPayloadBytes
    {
        get => _tcp.MaximumPayloadBytes;
        protected set { }
    }

    public override Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen() => _tcp.Listen();

    public override bool IsResponsibleFor(Address remote) => _tcp.IsResponsibleFor(remote);

    public override Task<AssociationHandle> Associate(Address remoteAddress) =>
        Task.FromException<AssociationHandle>(new InvalidAssociationException(
            $"The brain does not dial {remoteAddress}: clients connect to it, and it answers only on their connection"));

    public override Task<bool> Shutdown() => _tcp.Shutdown();

    public override Task<bool> ManagementCommand(object message) => _tcp.ManagementCommand(message);
}
