using System.Text.Json;
using Anima.Messages.Serialization;

namespace Anima.Actors.Providers;

/// <summary>Renders an <see cref="LlmRequest"/> as the JSON body of the Messages API.</summary>
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
                json.WriteString("system", request.System);
            }

            json.WriteStartArray("messages");
            var last = request.Messages.Count - 1;
            for (var i = 0; i < request.Messages.Count; i++)
            {
                // The volatile tail closes the last user message: after every block a cache could hold.
                var tail = i == last && request.Messages[i].Role == LlmRole.User ? request.VolatileTail : null;
                WriteMessage(json, request.Messages[i], tail);
            }

            json.WriteEndArray();

            if (request.Tools.Count > 0)
            {
                json.WriteStartArray("tools");
                foreach (var tool in request.Tools)
                {
                    WriteTool(json, tool);
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

    private static void WriteMessage(Utf8JsonWriter json, LlmMessage message, string? tail)
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

        for (var i = 0; i < content.Count; i++)
        {
            if (!dropEmpty || content[i] is not TextContent { Text.Length: 0 })
            {
                WriteContent(json, content[i]);
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

    private static void WriteContent(Utf8JsonWriter json, LlmContent content)
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

    private static void WriteTool(Utf8JsonWriter json, ToolDefinition tool)
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

        json.WriteEndObject();
    }
}
