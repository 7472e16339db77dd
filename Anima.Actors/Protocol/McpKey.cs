namespace Anima.Actors.Protocol;

/// <summary>The MCP servers' supervisor in the brain's actor registry: how the gateway finds it for <c>anima mcp list</c>.</summary>
public sealed class McpKey;
