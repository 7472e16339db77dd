namespace Anima.Messages.Clients;

/// <summary>A client asks for the brain's MCP servers (<c>anima mcp list</c>).</summary>
public sealed record GetMcpServers : IClientRequest;

/// <summary>
/// One MCP server as the brain runs it. <paramref name="State"/> is <c>starting</c>, <c>ready</c>, <c>failed</c> (it never
/// came up; tried again after a pause) or <c>restarting</c> (it was up and died); <paramref name="Reason"/> says why for
/// the last two. <paramref name="Target"/> is how it is reached, its secrets masked.
/// </summary>
public sealed record McpServerStatus(
    string Name,
    string Kind,
    string Target,
    string Source,
    string State,
    string? Reason,
    IReadOnlyList<string> Tools,
    int Restarts);

/// <summary>The brain's MCP servers by name, and the configuration problem that keeps a change from applying, if any.</summary>
public sealed record McpServerList(IReadOnlyList<McpServerStatus> Servers, string? ConfigProblem) : IClientReply;
