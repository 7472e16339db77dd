using Akka.Hosting;
using Anima.Actors.Agent;
using Anima.Actors.Memory;
using Anima.Actors.Mind;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;

namespace Anima.Host.Brain;

/// <summary>The sessions, wired here where the brain is composed: they host agents that read the mind and evict to Mneme.</summary>
public static class SessionRegistryHosting
{
    /// <param name="withMind">Whether the brain has a mind (<see cref="MindHosting.AddMind"/>, before this): the agent reads it.</param>
    public static AkkaConfigurationBuilder AddSessionRegistry(this AkkaConfigurationBuilder builder, SessionSettings settings, AgentServices? agent, bool withMind) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var services = agent is not null && withMind ? agent with { Mind = resolver.GetService<IRequiredActor<ThymosKey>>().ActorRef } : agent;
            if (services?.Memory is { } memory && registry.TryGet<MnemeKey>(out var mneme))
            {
                // Mneme (registered before the sessions) hears of every batch a loop evicts.
                services = services.WithMemory(memory with { Mneme = mneme });
            }

            registry.Register<SessionRegistryKey>(system.ActorOf(SessionRegistry.Props(settings, services), SessionRegistry.Name));
        });
}
