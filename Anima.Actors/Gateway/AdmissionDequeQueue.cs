using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Anima.Actors.Gateway;

/// <summary><see cref="AdmissionQueue"/> with a front for unstashed messages, as stashing actors need.</summary>
public sealed class AdmissionDequeQueue(ActorSystem system)
    : DequeWrapperMessageQueue(new AdmissionQueue(system)), IUnboundedDequeBasedMessageQueueSemantics;
