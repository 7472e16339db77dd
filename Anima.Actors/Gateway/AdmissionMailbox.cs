using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Anima.Actors.Gateway;

/// <summary>The brain's default mailbox (anima.hocon): Akka's unbounded one behind <see cref="AdmittedClients"/>'s rule.</summary>
public sealed class AdmissionMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<AdmissionQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new AdmissionQueue(system);
}
