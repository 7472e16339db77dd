using Akka.Actor;
using Anima.Actors.Providers;
using Anima.Actors.Tools;

namespace Anima.Actors.Agent;

/// <summary>What every session's agent shares: settings, the provider, the tools, the mind, and memory.</summary>
public sealed record AgentServices(
    AgentSettings Settings,
    ProviderSource Providers,
    WebGet Web,
    IActorRef? Mind = null,
    ShellLedger? Shells = null,
    Memory.MemoryService? Memory = null)
{
    /// <summary>The tools the model is offered and the loop runs: the built-in ones, and memory's when there is one.</summary>
    public ToolRegistry Tools { get; init; } = new([
        .. ToolRegistry.BuiltIn(Settings.BashTimeout, Web).Tools,
        .. Memory is null ? [] : Anima.Actors.Memory.MemoryTools.For(Memory),
    ]);
}
