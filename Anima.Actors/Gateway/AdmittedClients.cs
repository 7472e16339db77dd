using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Remote;

namespace Anima.Actors.Gateway;

/// <summary>
/// The client systems the gateway has admitted (a Hello with the client token), and the rule every mailbox of the
/// brain applies (<see cref="AdmissionMailbox"/>): a message from a remote system reaches the gateway, and any other
/// actor only when the gateway admitted that system. Untrusted mode does not stop a remote system that resolves an
/// actor's path and sends to it directly (Akka.Remote's <c>DefaultMessageDispatcher</c> filters only selections,
/// daemon and possibly-harmful messages), so this is checked where every message arrives: the mailbox.
/// </summary>
public sealed class AdmittedClients : IExtension
{
    /// <summary>Refused senders are reported once each; past this many, quietly (the log must not become the flood).</summary>
    private const int ReportLimit = 1000;

    private readonly ConcurrentDictionary<Address, int> _admitted = new();
    private readonly ConcurrentDictionary<Address, byte> _reported = new();
    private readonly ILoggingAdapter _log;

    public AdmittedClients(ExtendedActorSystem system) => _log = Logging.GetLogger(system, nameof(AdmittedClients));

    public static AdmittedClients For(ActorSystem system) => system.WithExtension<AdmittedClients, AdmittedClientsProvider>();

    /// <summary>Counted per connection: a system with two connections stays admitted until both end.</summary>
    public void Admit(Address client) => _admitted.AddOrUpdate(client, 1, (_, n) => n + 1);

    public void Release(Address client)
    {
        while (_admitted.TryGetValue(client, out var n))
        {
            if (n <= 1 ? _admitted.TryRemove(KeyValuePair.Create(client, n)) : _admitted.TryUpdate(client, n - 1, n))
            {
                return;
            }
        }
    }

    public bool IsAdmitted(Address client) => _admitted.ContainsKey(client);

    /// <summary>Whether <paramref name="envelope"/> may reach <paramref name="receiver"/>; says so once per sender when not.</summary>
    internal bool Allows(IActorRef receiver, Envelope envelope)
    {
        if (envelope.Sender is not RemoteActorRef sender)
        {
            return true;
        }

        var from = sender.Path.Address;
        if (IsGateway(receiver.Path) || _admitted.ContainsKey(from))
        {
            return true;
        }

        if (_reported.Count < ReportLimit && _reported.TryAdd(from, 0))
        {
            _log.Warning(
                "Refused {0} from {1} to {2}: that system was not admitted by the gateway (no Hello with the client token); "
                + "further messages from it are dropped without a word",
                envelope.Message.GetType().Name, from, receiver.Path.ToStringWithoutAddress());
        }

        return false;
    }

    private static bool IsGateway(ActorPath path) =>
        path.Name == "gateway" && path.Parent is { Name: "user", Parent: RootActorPath };

    private sealed class AdmittedClientsProvider : ExtensionIdProvider<AdmittedClients>
    {
        public override AdmittedClients CreateExtension(ExtendedActorSystem system) => new(system);
    }
}
