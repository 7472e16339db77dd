using System.Collections.Frozen;
using Akka.Actor;
using Akka.Remote.Serialization;
using Akka.Serialization;

namespace Anima.Actors.Trust;

/// <summary>
/// Akka.Remote's serializer of its small messages, in the brain: it reads Identify, actor references, remote watch's
/// heartbeats and Status replies, and refuses what stops or restarts the actor it is sent to. Untrusted mode drops a
/// PoisonPill sent directly, but not Kill, nor a PoisonPill inside another message (a pub-sub Publish), and the
/// admission mailbox lets a message with no sender through: a certificate holder stopped the gateway with one Kill.
/// </summary>
public sealed class ScreenedMiscMessages(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    // Akka's manifests: Identify, ActorIdentity, an actor reference, remote watch's heartbeat and its answer, Status.
    private static readonly FrozenSet<string> Readable = FrozenSet.Create(StringComparer.Ordinal, "ID", "AID", "AR", "RWHB", "RWHR", "STS", "STF");

    private readonly MiscMessageSerializer _akka = new(system);

    public override int Identifier => _akka.Identifier;

    public override string Manifest(object o) => _akka.Manifest(o);

    public override byte[] ToBinary(object obj) => _akka.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Readable.Contains(manifest)
            ? _akka.FromBinary(bytes, manifest)
            : WireRefusal.Logged(system, Named(manifest), "no peer may stop, restart or deploy the brain's actors");

    private static string Named(string manifest) => manifest switch
    {
        "PP" => "a PoisonPill",
        "K" => "a Kill",
        "IR" => "an IntentionalRestart",
        _ => $"a deployment or router configuration ({manifest})",
    };
}
