using Anima.Client;
using Akka.Hosting;
using Anima.Actors.Providers;

namespace Anima.Actors.Memory;

public static class MnemeHosting
{
    /// <summary>Starts Mneme, which keeps the mind's levels with each memory and hears of the batches sessions evict.</summary>
    /// <param name="withMind">Whether the brain has a mind (<see cref="Mind.MindHosting.AddMind"/>): Mneme finds it whenever it is registered.</param>
    public static AkkaConfigurationBuilder AddMneme(this AkkaConfigurationBuilder builder, MemoryService? memory, ProviderSource providers, BackoffPolicy retry, bool withMind) =>
        memory is null
            ? builder
            : builder.WithActors((system, registry, resolver) =>
            {
                var mind = withMind ? resolver.GetService<IRequiredActor<Mind.ThymosKey>>() : null;
                registry.Register<MnemeKey>(system.ActorOf(MnemeActor.Props(memory.Store, providers, memory.Settings, retry, mind), "mneme"));
            });
}
