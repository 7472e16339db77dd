using System.Text.Json;
using System.Text.RegularExpressions;
using Anima.Actors.Tools;

namespace Anima.Actors.Mcp;

/// <summary>
/// One tool of an MCP server, as the model sees it: named <c>mcp__server__tool</c>, with the server's description and
/// input schema; a call goes through the server's <see cref="McpLink"/>.
/// </summary>
public sealed partial class McpTool(McpLink link, ModelContextProtocol.Protocol.Tool tool) : ITool
{
    public const string Prefix = "mcp__";

    public string Name { get; } = NameFor(link.Spec.Name, tool.Name);

    /// <summary>The tool's name on its server.</summary>
    public string ServerToolName => tool.Name;

    public string Description { get; } = tool.Description is { Length: > 0 } description
        ? description
        : $"The tool {tool.Name} of the MCP server {link.Spec.Name}{(tool.Title is { Length: > 0 } title ? $": {title}" : string.Empty)}.";

    public JsonElement InputSchema { get; } = ObjectSchema(tool.InputSchema);

    public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
        link.CallAsync(tool.Name, input, cancellationToken);

    /// <summary><c>mcp__server__tool</c>, in the characters and length the model's API allows for a tool's name.</summary>
    public static string NameFor(string server, string tool)
    {
        var name = NotAllowed().Replace($"{Prefix}{server}__{tool}", "_");
        return name.Length <= 64 ? name : name[..64];
    }

    // The API takes an object schema; a server that sends none (or something else) gets one that takes any object.
    private static JsonElement ObjectSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object"
            ? schema.Clone()
            : ToolRegistry.Schema("""{"type":"object"}""");

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotAllowed();
}
