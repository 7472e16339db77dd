using System.Text.Json.Nodes;

namespace Anima.FakeAnthropic;

/// <summary>The JSON shapes of the Messages API, as the fake renders them.</summary>
internal static class FakeMessageJson
{
    public static JsonObject Error(FakeError error) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject { ["type"] = error.Type, ["message"] = error.Message },
    };

    public static JsonObject Message(FakeResponse response, RecordedRequest request, string id) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Model ?? "claude-fake",
        ["content"] = new JsonArray([.. response.Content.Select(FullBlock)]),
        ["stop_reason"] = response.StopReason,
        ["stop_sequence"] = null,
        ["usage"] = Usage(response, request, OutputTokens(response)),
    };

    /// <summary>The message as <c>message_start</c> announces it: no content, no stop reason yet.</summary>
    public static JsonObject StartedMessage(FakeResponse response, RecordedRequest request, string id) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request.Model ?? "claude-fake",
        ["content"] = new JsonArray(),
        ["stop_reason"] = null,
        ["stop_sequence"] = null,
        ["usage"] = Usage(response, request, 1),
    };

    /// <summary>Scripted figures when the response has any; otherwise what the prompt cache billed.</summary>
    public static JsonObject Usage(FakeResponse response, RecordedRequest request, int outputTokens)
    {
        var scripted = response.InputTokens is not null || response.CacheReadTokens != 0 || response.CacheWriteTokens != 0;
        return scripted || request.Cache is not { } cache
            ? new JsonObject
            {
                ["input_tokens"] = response.InputTokens ?? FakeAnthropicServer.EstimateTokens(request.BodyBytes),
                ["cache_creation_input_tokens"] = response.CacheWriteTokens,
                ["cache_read_input_tokens"] = response.CacheReadTokens,
                ["output_tokens"] = outputTokens,
            }
            : new JsonObject
            {
                ["input_tokens"] = cache.InputTokens,
                ["cache_creation_input_tokens"] = cache.CacheWriteTokens,
                ["cache_read_input_tokens"] = cache.CacheReadTokens,
                ["output_tokens"] = outputTokens,
            };
    }

    public static int OutputTokens(FakeResponse response) =>
        response.OutputTokens ?? FakeAnthropicServer.EstimateTokens(response.Content.Sum(b => b switch
        {
            FakeTextBlock t => t.Text.Length,
            FakeThinkingBlock t => t.Thinking.Length,
            FakeToolUseBlock t => t.InputJson.Length,
            _ => 0,
        }));

    public static JsonObject FullBlock(FakeContentBlock block) => block switch
    {
        FakeTextBlock t => new JsonObject { ["type"] = "text", ["text"] = t.Text },
        FakeThinkingBlock t => new JsonObject { ["type"] = "thinking", ["thinking"] = t.Thinking, ["signature"] = t.Signature },
        FakeToolUseBlock t => new JsonObject { ["type"] = "tool_use", ["id"] = t.Id, ["name"] = t.Name, ["input"] = ParseInput(t.InputJson) },
        _ => throw new NotSupportedException(block.GetType().Name),
    };

    /// <summary>The block as <c>content_block_start</c> opens it, before any delta.</summary>
    public static JsonObject StartBlock(FakeContentBlock block) => block switch
    {
        FakeTextBlock => new JsonObject { ["type"] = "text", ["text"] = "" },
        FakeThinkingBlock => new JsonObject { ["type"] = "thinking", ["thinking"] = "", ["signature"] = "" },
        FakeToolUseBlock t => new JsonObject { ["type"] = "tool_use", ["id"] = t.Id, ["name"] = t.Name, ["input"] = new JsonObject() },
        _ => throw new NotSupportedException(block.GetType().Name),
    };

    /// <summary>The deltas that build the block: text/thinking in chunks, then the signature; tool input as partial JSON.</summary>
    public static IEnumerable<JsonObject> Deltas(FakeContentBlock block, int chunkSize)
    {
        switch (block)
        {
            case FakeTextBlock t:
                foreach (var chunk in Chunks(t.Text, chunkSize))
                {
                    yield return new JsonObject { ["type"] = "text_delta", ["text"] = chunk };
                }

                break;
            case FakeThinkingBlock t:
                foreach (var chunk in Chunks(t.Thinking, chunkSize))
                {
                    yield return new JsonObject { ["type"] = "thinking_delta", ["thinking"] = chunk };
                }

                yield return new JsonObject { ["type"] = "signature_delta", ["signature"] = t.Signature };
                break;
            case FakeToolUseBlock t:
                // The real API opens with an empty partial_json, then sends fragments that are not valid JSON alone.
                yield return new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = "" };
                var size = Math.Max(1, Math.Min(chunkSize, (t.InputJson.Length + 2) / 3));
                foreach (var chunk in Chunks(t.InputJson, size))
                {
                    yield return new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = chunk };
                }

                break;
        }
    }

    private static JsonNode ParseInput(string json) =>
        string.IsNullOrWhiteSpace(json) ? new JsonObject() : JsonNode.Parse(json) ?? new JsonObject();

    private static IEnumerable<string> Chunks(string text, int size)
    {
        size = Math.Max(1, size);
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(size, text.Length - start);
            if (char.IsHighSurrogate(text[start + length - 1]) && start + length < text.Length)
            {
                length++;
            }

            yield return text.Substring(start, length);
            start += length;
        }
    }
}
