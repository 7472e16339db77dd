using Akka.Actor;

namespace Anima.Actors.Trust;

/// <summary>
/// Whether the brain takes clients yet. Remoting binds its port as the actor system is made, before the brain's rooms
/// (the gateway among them) exist: a Hello that arrived then went to dead letters, and its client waited out its Hello
/// timeout (5 s). So the brain's transport accepts no connection until the door opens, once every room has started
/// (<c>BrainComposition</c>); a client connecting earlier waits in the port's backlog and is greeted as it opens.
/// </summary>
public sealed class ClientDoor : IExtension
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static ClientDoor For(ActorSystem system) => system.WithExtension<ClientDoor, ClientDoorProvider>();

    /// <summary>Completes once the brain takes clients.</summary>
    public Task Opened => _opened.Task;

    public void Open() => _opened.TrySetResult();

    private sealed class ClientDoorProvider : ExtensionIdProvider<ClientDoor>
    {
        public override ClientDoor CreateExtension(ExtendedActorSystem system) => new();
    }
}
