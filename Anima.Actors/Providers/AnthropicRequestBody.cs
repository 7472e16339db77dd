using System.Text.Json;
using Anima.Messages.Serialization;

namespace Anima.Actors.Providers;

/// <summary>Renders an <see cref="LlmRequest"/> as the JSON body of the Messages API.</summary>
/// <remarks>
/// The body carries up to four prompt-cache breakpoints (<c>cache_control</c>), all on stable blocks: the last tool,
/// the system prompt, the end of what the previous call already sent (the last block of the third message from the
/// end: a call adds one reply and one user message), and the newest stable block (the last one before the volatile
/// tail). The provider caches by prefix, so a breakpoint on the tail, or anything volatile before one, would make
/// every call a miss.
/// </remarks>
internal static class AnthropicRequestBody
{
    /// <summary>The API's smallest thinking budget.</summary>
    public const int MinThinkingBudget = 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JsonText.AsWritten };

    /// <summary>The body in a pooled buffer: dispose it once the request is sent.</summary>
    public static PooledBufferWriter ForMessages(LlmRequest request) => Write(request, forCountTokens: false);

    /// <summary>count_tokens takes the same fields less <c>max_tokens</c> and <c>stream</c>.</summary>
    public static PooledBufferWriter ForCountTokens(LlmRequest request) => Write(request, forCountTokens: true);

    /// <summary>
    /// The API wants 1024 ≤ budget_tokens &lt; max_tokens: a smaller budget is raised to 1024, a larger one cut to
    /// max_tokens − 1, and when max_tokens leaves no room for 1024 thinking is left off (null).
    /// </summary>
    public static int? ClampThinkingBudget(int? budget, int maxTokens)
    {
        if (budget is not { } requested)
        {
            return null;
        }

        var clamped = Math.Min(Math.Max(requested, MinThinkingBudget), maxTokens - 1);
        return clamped < MinThinkingBudget ? null : clamped;
    }

    private static PooledBufferWriter Write(LlmRequest request, bool forCountTokens)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            using var json = new Utf8JsonWriter(buffer, WriterOptions);
            json.WriteStartObject();
            json.WriteString("model", request.Model);
            if (!forCountTokens)
            {
                json.WriteNumber("max_tokens", request.MaxTokens);
                json.WriteBoolean("stream", true);
            }

            if (!string.IsNullOrEmpty(request.System))
            {
                // As a block: only a block can carry a breakpoint.
                json.WriteStartArray("system");
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("text", request.System);
                WriteBreakpoint(json);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartArray("messages");
            var last = request.Messages.Count - 1;
            for (var i = 0; i < request.Messages.Count; i++)
            {
                // The volatile tail closes the last user message: after every block a cache could hold.
                var tail = i == last && request.Messages[i].Role == LlmRole.User ? request.VolatileTail : null;
                WriteMessage(json, request.Messages[i], tail, breakpoint: i == last || i == last - 2);
            }

            json.WriteEndArray();

            if (request.Tools.Count > 0)
            {
                json.WriteStartArray("tools");
                for (var i = 0; i < request.Tools.Count; i++)
                {
                    WriteTool(json, request.Tools[i], breakpoint: i == request.Tools.Count - 1);
                }

                json.WriteEndArray();
            }

            if (ClampThinkingBudget(request.ThinkingBudget, request.MaxTokens) is { } budget)
            {
                json.WriteStartObject("thinking");
                json.WriteString("type", "enabled");
                json.WriteNumber("budget_tokens", budget);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        return buffer;
    }

    private static void WriteBreakpoint(Utf8JsonWriter json)
    {
        json.WriteStartObject("cache_control");
        json.WriteString("type", "ephemeral");
        json.WriteEndObject();
    }

    /// <param name="breakpoint">Mark the message's last stable block (never the tail, a thinking block or an empty text).</param>
    private static void WriteMessage(Utf8JsonWriter json, LlmMessage message, string? tail, bool breakpoint)
    {
        json.WriteStartObject();
        json.WriteString("role", message.Role == LlmRole.User ? "user" : "assistant");
        json.WriteStartArray("content");

        // The API rejects empty text blocks; drop them unless nothing else would be left.
        // (Indexed loops: this runs for every block of every call, and an interface foreach allocates.)
        var content = message.Content;
        var dropEmpty = !string.IsNullOrEmpty(tail);
        for (var i = 0; i < content.Count && !dropEmpty; i++)
        {
            dropEmpty = content[i] is not TextContent { Text.Length: 0 };
        }

        var marked = -1;
        for (var i = content.Count - 1; breakpoint && i >= 0 && marked < 0; i--)
        {
            marked = content[i] is ThinkingContent or TextContent { Text.Length: 0 } ? -1 : i;
        }

        for (var i = 0; i < content.Count; i++)
        {
            if (!dropEmpty || content[i] is not TextContent { Text.Length: 0 })
            {
                WriteContent(json, content[i], i == marked);
            }
        }

        if (!string.IsNullOrEmpty(tail))
        {
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("text", tail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter json, LlmContent content, bool breakpoint)
    {
        json.WriteStartObject();
        switch (content)
        {
            case TextContent text:
                json.WriteString("type", "text");
                json.WriteString("text", text.Text);
                break;
            case ThinkingContent thinking:
                json.WriteString("type", "thinking");
                json.WriteString("thinking", thinking.Thinking);
                json.WriteString("signature", thinking.Signature);
                break;
            case ToolUseContent toolUse:
                json.WriteString("type", "tool_use");
                json.WriteString("id", toolUse.Id);
                json.WriteString("name", toolUse.Name);
                json.WritePropertyName("input");
                WriteToolInput(json, toolUse);
                break;
            case ToolResultContent result:
                json.WriteString("type", "tool_result");
                json.WriteString("tool_use_id", result.ToolUseId);
                json.WriteString("content", result.Content);
                if (result.IsError)
                {
                    json.WriteBoolean("is_error", true);
                }

                break;
            default:
                throw new ProviderException(ProviderErrorKind.BadRequest, $"Unsupported content block {content.GetType().Name}.");
        }

        if (breakpoint)
        {
            WriteBreakpoint(json);
        }

        json.WriteEndObject();
    }

    private static void WriteToolInput(Utf8JsonWriter json, ToolUseContent toolUse)
    {
        if (string.IsNullOrWhiteSpace(toolUse.InputJson))
        {
            json.WriteStartObject();
            json.WriteEndObject();
            return;
        }

        try
        {
            // Validated as it is copied: no document to build for every tool call in the context, every call.
            json.WriteRawValue(toolUse.InputJson);
        }
        catch (JsonException e)
        {
            throw new ProviderException(
                ProviderErrorKind.BadRequest, $"Input of tool_use {toolUse.Id} ({toolUse.Name}) is not valid JSON.", inner: e);
        }
    }

    private static void WriteTool(Utf8JsonWriter json, ToolDefinition tool, bool breakpoint)
    {
        json.WriteStartObject();
        json.WriteString("name", tool.Name);
        if (!string.IsNullOrEmpty(tool.Description))
        {
            json.WriteString("description", tool.Description);
        }

        json.WritePropertyName("input_schema");
        if (tool.InputSchema.ValueKind == JsonValueKind.Undefined)
        {
            json.WriteStartObject();
            json.WriteString("type", "object");
            json.WriteEndObject();
        }
        else
        {
            tool.InputSchema.WriteTo(json);
        }

        if (breakpoint)
        {
            WriteBreakpoint(json);
        }

        json.WriteEndObject();
    }
}
