using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Anima.Actors.Gateway;

/// <summary>
/// The mailbox of actors that stash (persistent ones, the session list): Akka picks it by their queue requirement,
/// not the default mailbox, so it applies the same rule.
/// </summary>
public sealed class AdmissionDequeMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<AdmissionDequeQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new AdmissionDequeQueue(system);
}
