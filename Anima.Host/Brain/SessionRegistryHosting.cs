using Akka.Hosting;
using Anima.Actors.Agent;
using Anima.Actors.Memory;
using Anima.Actors.Mind;
using Anima.Actors.Protocol;
using Anima.Actors.Runtime;
using Anima.Actors.Sessions;

namespace Anima.Host.Brain;

/// <summary>The sessions, wired here where the brain is composed: they host agents that read the mind and evict to Mneme.</summary>
public static class SessionRegistryHosting
{
    /// <param name="withMind">Whether the brain has a mind (<see cref="MindHosting.AddMind"/>): the agent reads it.</param>
    public static AkkaConfigurationBuilder AddSessionRegistry(this AkkaConfigurationBuilder builder, SessionSettings settings, AgentServices? agent, bool withMind) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var mind = agent is not null && withMind ? resolver.GetService<IRequiredActor<ThymosKey>>() : null;
            var mneme = agent?.Memory is not null ? resolver.GetService<IRequiredActor<MnemeKey>>() : null;
            var props = agent is null || (mind is null && mneme is null)
                ? SessionRegistry.Props(settings, agent)
                : SessionRegistry.Props(settings, () => WireAsync(agent, mind, mneme));
            registry.Register<SessionRegistryKey>(system.ActorOf(props, SessionRegistry.Name));
        });

    /// <summary>The agent's services with the mind it reads and Mneme (which hears of every batch a loop evicts), once both are registered.</summary>
    private static async Task<AgentServices> WireAsync(AgentServices agent, IRequiredActor<ThymosKey>? mind, IRequiredActor<MnemeKey>? mneme)
    {
        var services = mind is null ? agent : agent with { Mind = await Registered.FindAsync(mind).ConfigureAwait(false) };
        return mneme is null ? services : services.WithMemory(services.Memory! with { Mneme = await Registered.FindAsync(mneme).ConfigureAwait(false) });
    }
}
