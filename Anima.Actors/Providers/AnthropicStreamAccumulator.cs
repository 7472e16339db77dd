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
    private const string ContentBlockDelta = "content_block_delta";
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
        try
        {
            // Deltas are nearly every event of a stream: they are read in place, without a document.
            var type = EventType(sse.Data.Span) ?? sse.Name;
            return type == ContentBlockDelta ? ApplyDelta(sse.Data.Span) : ApplyOther(type, sse.Data);
        }
        catch (JsonException e)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"Malformed '{sse.Name}' event in the response stream.", inner: e);
        }
    }

    private LlmStreamEvent? ApplyOther(string type, ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement;
        switch (type)
        {
            case "message_start":
                if (data.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var startUsage))
                {
                    ReadUsage(startUsage);
                    return new LlmUsageSoFar(Usage);
                }

                return null;
            case "content_block_start":
                StartBlock(data);
                return null;
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
            Usage,
            _stopReason);
    }

    private TokenUsage Usage => new(_inputTokens, _outputTokens, _cacheReadTokens, _cacheWriteTokens);

    /// <summary>The top-level <c>type</c> of an event's data, if it has one.</summary>
    private static string? EventType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                return reader.ValueTextEquals(ContentBlockDelta) ? ContentBlockDelta : reader.GetString();
            }

            reader.Skip();
        }

        return null;
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

    private LlmStreamEvent? ApplyDelta(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        int? index = null;
        var delta = default(Delta);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : index;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                delta = Delta.Read(ref reader);
            }

            reader.Skip();
        }

        switch (delta.Type)
        {
            case "text_delta":
                var text = delta.Text ?? "";
                _text.Append(text);
                return text.Length > 0 ? new LlmTextDelta(text) : null;
            case "thinking_delta":
                _sawThinking = true;
                var thinking = delta.Thinking ?? "";
                _thinking.Append(thinking);
                return thinking.Length > 0 ? new LlmThinkingDelta(thinking) : null;
            case "signature_delta":
                _signature = delta.Signature;
                return null;
            case "input_json_delta":
                if (index is { } i && _toolUsesByIndex.TryGetValue(i, out var builder))
                {
                    builder.Json.Append(delta.PartialJson);
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

    /// <summary>The <c>delta</c> of a <c>content_block_delta</c>: its type and whichever payload it carries.</summary>
    private readonly record struct Delta(string? Type, string? Text, string? Thinking, string? Signature, string? PartialJson)
    {
        private static readonly string[] Types = ["text_delta", "thinking_delta", "signature_delta", "input_json_delta"];

        /// <summary>Reads the object the reader stands on (nothing if it is not one).</summary>
        public static Delta Read(ref Utf8JsonReader reader)
        {
            var delta = default(Delta);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return delta;
            }

            var depth = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > depth)
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    delta = delta with { Type = KnownType(ref reader) };
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    delta = delta with { Text = String(ref reader) };
                }
                else if (reader.ValueTextEquals("thinking"u8))
                {
                    delta = delta with { Thinking = String(ref reader) };
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    delta = delta with { Signature = String(ref reader) };
                }
                else if (reader.ValueTextEquals("partial_json"u8))
                {
                    delta = delta with { PartialJson = String(ref reader) };
                }
            }

            return delta;
        }

        private static string? String(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
            return null;
        }

        /// <summary>One of <see cref="Types"/> without decoding it; null for any other value.</summary>
        private static string? KnownType(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return null;
            }

            foreach (var type in Types)
            {
                if (reader.ValueTextEquals(type))
                {
                    return type;
                }
            }

            return null;
        }
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
