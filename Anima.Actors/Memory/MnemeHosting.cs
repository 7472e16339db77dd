using Anima.Client;
using Akka.Hosting;
using Anima.Actors.Providers;

namespace Anima.Actors.Memory;

public static class MnemeHosting
{
    /// <summary>Starts Mneme (after the mind, whose levels it keeps with each memory; before the sessions, which evict to it).</summary>
    public static AkkaConfigurationBuilder AddMneme(this AkkaConfigurationBuilder builder, MemoryService? memory, ProviderSource providers, BackoffPolicy retry) =>
        memory is null
            ? builder
            : builder.WithActors((system, registry) =>
            {
                registry.TryGet<Mind.ThymosKey>(out var mind);
                registry.Register<MnemeKey>(system.ActorOf(MnemeActor.Props(memory.Store, providers, memory.Settings, retry, mind), "mneme"));
            });
}
