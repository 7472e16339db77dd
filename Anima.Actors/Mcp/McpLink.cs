using System.Text;
using System.Text.Json;
using Anima.Actors.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Anima.Actors.Mcp;

/// <summary>
/// A server's connection as its tools see it: the client while the server is ready, or why there is none. Its actor
/// sets it; a tool call reads it and goes straight to the SDK's client, with no actor between the model's call and
/// the server (so a call costs what the SDK costs). A call that finds the transport broken tells the actor.
/// </summary>
public sealed class McpLink(McpServerSpec spec, TimeSpan callTimeout, Action<McpClient, Exception> transportFailed)
{
    private volatile McpClient? _client;
    private volatile string _unavailable = "starting";

    public McpServerSpec Spec => spec;

    /// <summary>The server is ready: calls go to <paramref name="client"/>.</summary>
    public void Ready(McpClient client) => _client = client;

    /// <summary>The server cannot take calls now; <paramref name="why"/> says so to the model.</summary>
    public void Unavailable(string why)
    {
        _client = null;
        _unavailable = why;
    }

    /// <summary>Calls <paramref name="tool"/> with <paramref name="input"/>: the server's answer, or an error result saying what went wrong.</summary>
    public async Task<ToolResult> CallAsync(string tool, ToolInput input, CancellationToken cancellationToken)
    {
        if (_client is not { } client)
        {
            return ToolResult.Error($"The MCP server '{spec.Name}' is not ready ({_unavailable}). Its tools work again once it is; 'anima mcp list' shows its state.");
        }

        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(input.Json))
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(callTimeout);
        try
        {
            var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments }, deadline.Token).ConfigureAwait(false);
            return new ToolResult(spec.Redact(Text(result)), IsError: result.IsError == true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error($"The MCP server '{spec.Name}' did not answer {tool} within {callTimeout.TotalSeconds:0} s (anima.mcp.call-timeout).");
        }
        catch (McpProtocolException ex)
        {
            return ToolResult.Error($"The MCP server '{spec.Name}' refused {tool}: {spec.Redact(ex.Message)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            transportFailed(client, ex);
            return ToolResult.Error($"The MCP server '{spec.Name}' failed during {tool} ({spec.Redact(ex.Message)}); it is being restarted.");
        }
    }

    /// <summary>A tool's result as text for the model: text as is, other content named with its size.</summary>
    private static string Text(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block switch
            {
                TextContentBlock t => t.Text,
                ImageContentBlock image => $"[image, {image.MimeType}, {image.Data.Length} bytes of base64]",
                AudioContentBlock audio => $"[audio, {audio.MimeType}, {audio.Data.Length} bytes of base64]",
                EmbeddedResourceBlock { Resource: TextResourceContents resource } => resource.Text,
                EmbeddedResourceBlock embedded => $"[resource {embedded.Resource.Uri}]",
                ResourceLinkBlock link => $"[resource link {link.Uri}{(link.Name is { Length: > 0 } name ? $" ({name})" : string.Empty)}]",
                _ => $"[{block.Type} content]",
            });
        }

        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text.Append(structured.GetRawText());
        }

        return text.Length == 0 ? "(no output)" : text.ToString();
    }
}
