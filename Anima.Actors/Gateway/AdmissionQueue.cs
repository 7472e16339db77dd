using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Anima.Actors.Gateway;

/// <summary>An unbounded queue that lets in only what <see cref="AdmittedClients"/> allows.</summary>
public sealed class AdmissionQueue(ActorSystem system) : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly UnboundedMessageQueue _queue = new();
    private AdmittedClients? _admitted;

    public bool HasMessages => _queue.HasMessages;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        // Local senders (all but a client's messages) cost one type test; the extension is found on first need,
        // since system actors get their mailboxes before extensions can load.
        if (envelope.Sender is Akka.Remote.RemoteActorRef && !(_admitted ??= AdmittedClients.For(system)).Allows(receiver, envelope))
        {
            return;
        }

        _queue.Enqueue(receiver, envelope);
    }

    public bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters) => _queue.CleanUp(owner, deadletters);
}
