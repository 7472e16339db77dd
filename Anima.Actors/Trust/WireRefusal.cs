using Akka.Actor;
using Akka.Event;

namespace Anima.Actors.Trust;

/// <summary>
/// What the brain's serializers make of a message they refuse to read (<see cref="BrainWire"/>). It is possibly
/// harmful, so Akka.Remote's dispatcher drops it in untrusted mode before any actor sees it. The serializers do not
/// throw instead: a system message that fails to read fails the whole link, Akka then dials the peer back, and a failed
/// outbound TLS handshake makes Akka.Remote shut the brain down (CoordinatedShutdown, in TcpHandlers).
/// </summary>
public sealed record WireRefusal(string What) : IPossiblyHarmful, INoSerializationVerificationNeeded, IDeadLetterSuppression
{
    /// <summary>Says in the brain's log what was refused and why (the serializer does not know from whom), and drops it.</summary>
    public static WireRefusal Logged(ActorSystem system, string what, string because)
    {
        Logging.GetLogger(system, nameof(BrainWire)).Warning("Refused {0} from the wire: {1}", what, because);
        return new WireRefusal(what);
    }
}
