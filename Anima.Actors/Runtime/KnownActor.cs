using Akka.Actor;
using Akka.Hosting;

namespace Anima.Actors.Runtime;

/// <summary>An actor given outright where one from the registry is taken: specs that start single actors, without Akka.Hosting.</summary>
public sealed class KnownActor<TKey>(IActorRef actor) : IRequiredActor<TKey>
{
    public IActorRef ActorRef => actor;

    public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
}
