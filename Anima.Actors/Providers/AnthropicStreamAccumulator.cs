using System.Text;
using System.Text.Json;
using Anima.Messages.Sessions;

namespace Anima.Actors.Providers;

/// <summary>
/// Folds the Messages API's stream events into deltas for the caller and, at <c>message_stop</c>, one
/// <see cref="LlmResponse"/>. Tool input arrives as <c>input_json_delta</c> fragments and is assembled per block.
/// </summary>
internal sealed class AnthropicStreamAccumulator
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _thinking = new();
    private readonly List<ToolUseBuilder> _toolUses = [];
    private readonly Dictionary<int, ToolUseBuilder> _toolUsesByIndex = [];
    private bool _sawThinking;
    private string? _signature;
    private string? _stopReason;
    private int _inputTokens;
    private int _outputTokens;
    private int _cacheReadTokens;
    private int _cacheWriteTokens;

    /// <summary>True once <c>message_stop</c> arrived: the response is whole.</summary>
    public bool Completed { get; private set; }

    /// <summary>Applies one event; returns the delta to pass on, if it carried one. Throws on an <c>error</c> event.</summary>
    public LlmStreamEvent? Apply(ServerSentEvent sse)
    {
        using var document = ParseData(sse);
        var data = document.RootElement;
        var type = data.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : sse.Name;
        switch (type)
        {
            case "message_start":
                if (data.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var startUsage))
                {
                    ReadUsage(startUsage);
                }

                return null;
            case "content_block_start":
                StartBlock(data);
                return null;
            case "content_block_delta":
                return ApplyDelta(data);
            case "message_delta":
                if (data.TryGetProperty("delta", out var delta) && delta.TryGetProperty("stop_reason", out var stop)
                    && stop.ValueKind == JsonValueKind.String)
                {
                    _stopReason = stop.GetString();
                }

                if (data.TryGetProperty("usage", out var usage))
                {
                    ReadUsage(usage);
                }

                return null;
            case "message_stop":
                Completed = true;
                return null;
            case "error":
                throw StreamError(data);
            default:
                // ping, content_block_stop, and event types added after this was written.
                return null;
        }
    }

    public LlmResponse ToResponse()
    {
        var toolUses = _toolUses.Select(b => b.Build()).ToList();
        return new LlmResponse(
            _text.ToString(),
            _sawThinking ? _thinking.ToString() : null,
            _signature,
            toolUses,
            new TokenUsage(_inputTokens, _outputTokens, _cacheReadTokens, _cacheWriteTokens),
            _stopReason);
    }

    private static JsonDocument ParseData(ServerSentEvent sse)
    {
        try
        {
            return JsonDocument.Parse(sse.Data);
        }
        catch (JsonException e)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"Malformed '{sse.Name}' event in the response stream.", inner: e);
        }
    }

    private void StartBlock(JsonElement data)
    {
        if (!data.TryGetProperty("content_block", out var block) || !block.TryGetProperty("type", out var type))
        {
            return;
        }

        switch (type.GetString())
        {
            case "text" when block.TryGetProperty("text", out var text):
                _text.Append(text.GetString());
                break;
            case "thinking":
                _sawThinking = true;
                if (block.TryGetProperty("thinking", out var thinking))
                {
                    _thinking.Append(thinking.GetString());
                }

                if (block.TryGetProperty("signature", out var signature) && signature.GetString() is { Length: > 0 } s)
                {
                    _signature = s;
                }

                break;
            case "tool_use":
                var index = data.GetProperty("index").GetInt32();
                var builder = new ToolUseBuilder(block.GetProperty("id").GetString() ?? "", block.GetProperty("name").GetString() ?? "");
                _toolUses.Add(builder);
                _toolUsesByIndex[index] = builder;
                break;
        }
    }

    private LlmStreamEvent? ApplyDelta(JsonElement data)
    {
        if (!data.TryGetProperty("delta", out var delta) || !delta.TryGetProperty("type", out var type))
        {
            return null;
        }

        switch (type.GetString())
        {
            case "text_delta":
                var text = delta.GetProperty("text").GetString() ?? "";
                _text.Append(text);
                return text.Length > 0 ? new LlmTextDelta(text) : null;
            case "thinking_delta":
                _sawThinking = true;
                var thinking = delta.GetProperty("thinking").GetString() ?? "";
                _thinking.Append(thinking);
                return thinking.Length > 0 ? new LlmThinkingDelta(thinking) : null;
            case "signature_delta":
                _signature = delta.GetProperty("signature").GetString();
                return null;
            case "input_json_delta":
                if (data.TryGetProperty("index", out var index) && _toolUsesByIndex.TryGetValue(index.GetInt32(), out var builder))
                {
                    builder.Json.Append(delta.GetProperty("partial_json").GetString());
                }

                return null;
            default:
                return null;
        }
    }

    private void ReadUsage(JsonElement usage)
    {
        _inputTokens = ReadCount(usage, "input_tokens") ?? _inputTokens;
        _outputTokens = ReadCount(usage, "output_tokens") ?? _outputTokens;
        _cacheReadTokens = ReadCount(usage, "cache_read_input_tokens") ?? _cacheReadTokens;
        _cacheWriteTokens = ReadCount(usage, "cache_creation_input_tokens") ?? _cacheWriteTokens;
    }

    private static int? ReadCount(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static ProviderException StreamError(JsonElement data)
    {
        var (type, message) = AnthropicErrors.ReadError(data);
        return new ProviderException(ProviderErrorKind.Transient, $"Anthropic stream error {type}: {message}");
    }

    private sealed class ToolUseBuilder(string id, string name)
    {
        public StringBuilder Json { get; } = new();

        public ToolUseContent Build()
        {
            var json = Json.ToString();
            if (string.IsNullOrWhiteSpace(json))
            {
                return new ToolUseContent(id, name, "{}");
            }

            try
            {
                using var _ = JsonDocument.Parse(json);
            }
            catch (JsonException e)
            {
                throw new ProviderException(ProviderErrorKind.Transient, $"The streamed input of tool_use {id} ({name}) is not valid JSON.", inner: e);
            }

            return new ToolUseContent(id, name, json);
        }
    }
}
