using Akka.Actor;
using Akka.Hosting;
using Akka.Serialization;

namespace Anima.Actors.Trust;

/// <summary>
/// What the brain reads from the wire, behind mutual TLS and the admission mailbox, and that it never dials out
/// (<see cref="InboundOnlyTransport"/>). A peer with a valid certificate
/// reaches Akka's serializers, and the mailbox cannot judge a message that has no sender or is a system message; so the
/// serializers of everything a client never sends are replaced (<see cref="RefusingSerializer"/>), and remoting's own are
/// screened (<see cref="ScreenedMiscMessages"/>, <see cref="ScreenedSystemMessages"/>). Left readable: Anima's client
/// protocol (AnimaSerializer, which refuses what only a brain sends), selections of the gateway, primitives, and the
/// persistence serializers the journal writes with. The brain's composition adds this, not the shared defaults: specs
/// of the journal on the brain's configuration persist test objects with Akka's default serializer.
/// </summary>
public static class BrainWire
{
    /// <summary>
    /// Each replacement takes the name and identifier of Akka's serializer, so Akka's own bindings (and any id a peer
    /// names) lead to it: a serializer given through the setup wins over the one configured under that name.
    /// </summary>
    public static AkkaConfigurationBuilder WithBrainWire(this AkkaConfigurationBuilder builder) => builder
        // No typed option names Akka.Remote's transport class; Akka warns at start of every serializer replaced, on purpose here.
        .AddHocon(
            $"""
            akka.remote.dot-netty.tcp.transport-class = "{typeof(InboundOnlyTransport).FullName}, {typeof(InboundOnlyTransport).Assembly.GetName().Name}"
            akka.log-serializer-override-on-start = off
            """,
            HoconAddMode.Prepend)
        .Replace("json", 1, "general-purpose JSON", "it reads whatever type a payload names, and clients speak Anima's own protocol")
        .Replace("akka-cluster", 5, "a cluster message", "the brain is a cluster of one, and no client may join it, down it or gossip with it")
        .Replace("reliable-delivery", 36, "a reliable-delivery message", "nothing of the brain uses it")
        .Replace("akka-pubsub", 9, "a pub-sub message", "the bus is the brain's own, and clients hear it through their connection")
        .Replace("akka-singleton", 14, "a cluster singleton message", "nothing of the brain uses it")
        .Replace("akka-cluster-client", 15, "a cluster client message", "clients speak Anima's own protocol to the gateway")
        .Replace("akka-stream-ref", 30, "a stream reference", "nothing of the brain uses it")
        .Screen("akka-misc", system => new ScreenedMiscMessages(system))
        .Screen("akka-system-msg", system => new ScreenedSystemMessages(system));

    private static AkkaConfigurationBuilder Replace(this AkkaConfigurationBuilder builder, string name, int identifier, string carries, string because) =>
        builder.Screen(name, system => new RefusingSerializer(system, identifier, carries, because));

    private static AkkaConfigurationBuilder Screen(this AkkaConfigurationBuilder builder, string name, Func<ExtendedActorSystem, Serializer> serializer) =>
        builder.WithCustomSerializer(name, [], serializer);
}
