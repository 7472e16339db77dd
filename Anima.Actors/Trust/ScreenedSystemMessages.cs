using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.Remote;
using Akka.Remote.Serialization;
using Akka.Serialization;

namespace Anima.Actors.Trust;

/// <summary>
/// Akka.Remote's serializer of system messages, in the brain. System messages bypass every mailbox check, and untrusted
/// mode drops only Terminate: a certificate holder suspended the gateway (no client was welcomed after) and restarted
/// the session list. From the wire the brain reads only remote watch — a peer watching or unwatching one of the brain's
/// actors, or saying that one of its own actors died — and only for watchers and watched actors of that peer's side,
/// so no one can tell a brain actor that its child or a session it watches has died.
/// </summary>
public sealed class ScreenedSystemMessages(ExtendedActorSystem system) : Serializer(system)
{
    private readonly SystemMessageSerializer _akka = new(system);

    public override int Identifier => _akka.Identifier;

    public override bool IncludeManifest => true;

    public override byte[] ToBinary(object obj) => _akka.ToBinary(obj);

    public override object FromBinary(byte[] bytes, Type type)
    {
        if (type != typeof(Watch) && type != typeof(Unwatch) && type != typeof(DeathWatchNotification))
        {
            return WireRefusal.Logged(system, $"a {type?.Name ?? "nameless"} system message", "no peer may suspend, restart or supervise the brain's actors");
        }

        var message = _akka.FromBinary(bytes, type);
        var remote = message switch
        {
            Watch watch => watch.Watcher,
            Unwatch unwatch => unwatch.Watcher,
            DeathWatchNotification notification => notification.Actor,
            _ => null,
        };
        return remote is IRemoteRef
            ? message
            : WireRefusal.Logged(system, $"a {type.Name} naming the brain's own {remote?.Path.ToStringWithoutAddress()} as the peer's", "no peer may tell a brain actor that another died");
    }
}
