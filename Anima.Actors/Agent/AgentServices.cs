using Akka.Actor;
using Anima.Actors.Providers;
using Anima.Actors.Tools;

namespace Anima.Actors.Agent;

/// <summary>
/// What every session's agent shares: settings, the provider, the tools, the mind, memory, and the shelf of tools that
/// come and go (MCP servers').
/// </summary>
public sealed record AgentServices(
    AgentSettings Settings,
    ProviderSource Providers,
    WebGet Web,
    IActorRef? Mind = null,
    ShellLedger? Shells = null,
    Memory.MemoryService? Memory = null,
    ToolShelf? Shelf = null)
{
    /// <summary>
    /// The tools the model is offered and the loop runs: the built-in ones, and memory's when there is one. Set when
    /// the record is made: a copy with another <see cref="Memory"/> takes <see cref="WithMemory"/>, which sets both.
    /// </summary>
    public ToolRegistry Tools { get; init; } = ToolsFor(Settings, Web, Memory, Shelf);

    /// <summary>These services with <paramref name="memory"/>, and the memory tools that run against it.</summary>
    public AgentServices WithMemory(Memory.MemoryService? memory) => this with { Memory = memory, Tools = ToolsFor(Settings, Web, memory, Shelf) };

    private static ToolRegistry ToolsFor(AgentSettings settings, WebGet web, Memory.MemoryService? memory, ToolShelf? shelf) => new(
        [
            .. ToolRegistry.BuiltIn(settings.BashTimeout, web, settings.FileTools, settings.BashMaxOutputBytes).Tools,
            .. memory is null ? [] : Anima.Actors.Memory.MemoryTools.For(memory),
        ],
        shelf);
}
