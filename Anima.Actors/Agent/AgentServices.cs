using Akka.Actor;
using Anima.Actors.Providers;
using Anima.Actors.Tools;

namespace Anima.Actors.Agent;

/// <summary>What every session's agent shares: settings, the provider, the tools, and the mind.</summary>
public sealed record AgentServices(AgentSettings Settings, ProviderSource Providers, WebGet Web, IActorRef? Mind = null, ShellLedger? Shells = null)
{
    /// <summary>The tools the model is offered and the loop runs; the built-in ones unless a brain is composed otherwise.</summary>
    public ToolRegistry Tools { get; init; } = ToolRegistry.BuiltIn(Settings.BashTimeout, Web);
}
