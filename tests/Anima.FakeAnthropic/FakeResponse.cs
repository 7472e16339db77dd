namespace Anima.FakeAnthropic;

/// <summary>What the fake answers to one <c>POST /v1/messages</c>: a message, an error, or a stream that fails or hangs.</summary>
public sealed record FakeResponse
{
    public IReadOnlyList<FakeContentBlock> Content { get; init; } = [];

    public string StopReason { get; init; } = "end_turn";

    /// <summary>Reported input tokens; null estimates from the request body (chars / 4).</summary>
    public int? InputTokens { get; init; }

    /// <summary>Reported output tokens; null estimates from the content (chars / 4).</summary>
    public int? OutputTokens { get; init; }

    public int CacheReadTokens { get; init; }

    public int CacheWriteTokens { get; init; }

    /// <summary>Answer with this HTTP status and JSON error body instead of a message.</summary>
    public FakeError? HttpError { get; init; }

    /// <summary>Send this as an SSE <c>event: error</c> after the first block's deltas, then end the response.</summary>
    public FakeError? StreamError { get; init; }

    /// <summary>After the first block's deltas, stop sending and hold the connection until the client goes away.</summary>
    public bool HangAfterFirstBlock { get; init; }

    /// <summary>Wait this long before each delta (a slow model, for interrupt tests).</summary>
    public TimeSpan DeltaDelay { get; init; }

    /// <summary>Characters per text/thinking delta; tool input JSON is split into at least three chunks regardless.</summary>
    public int ChunkSize { get; init; } = 16;

    public static FakeResponse Text(string text) => new() { Content = [new FakeTextBlock(text)] };

    public static FakeResponse ToolUse(params (string Id, string Name, string InputJson)[] calls) => ToolUse(null, calls);

    /// <summary>A response with optional leading text and one or more tool calls; stop_reason <c>tool_use</c>.</summary>
    public static FakeResponse ToolUse(string? leadingText, params (string Id, string Name, string InputJson)[] calls)
    {
        var blocks = new List<FakeContentBlock>();
        if (!string.IsNullOrEmpty(leadingText))
        {
            blocks.Add(new FakeTextBlock(leadingText));
        }

        blocks.AddRange(calls.Select(c => new FakeToolUseBlock(c.Id, c.Name, c.InputJson)));
        return new FakeResponse { Content = blocks, StopReason = "tool_use" };
    }

    public static FakeResponse WithThinking(string thinking, string text, string signature = "fake-signature") =>
        new() { Content = [new FakeThinkingBlock(thinking, signature), new FakeTextBlock(text)] };

    public static FakeResponse Error(int status, string type, string message, int? retryAfterSeconds = null) =>
        new() { HttpError = new FakeError(status, type, message, retryAfterSeconds) };

    /// <summary>Streams <paramref name="partialText"/>, then an SSE <c>event: error</c>.</summary>
    public static FakeResponse MidStreamError(
        string partialText = "Partial answer",
        string type = "overloaded_error",
        string message = "Overloaded") =>
        new() { Content = [new FakeTextBlock(partialText)], StreamError = new FakeError(type == "overloaded_error" ? 529 : 500, type, message) };

    /// <summary>Sends message_start (and <paramref name="partialText"/> if given), then holds the connection open.</summary>
    public static FakeResponse Hang(string? partialText = null) =>
        new() { Content = partialText is null ? [] : [new FakeTextBlock(partialText)], HangAfterFirstBlock = true };

    /// <summary>Text streamed in <paramref name="chunkSize"/>-character deltas, <paramref name="perDelta"/> apart.</summary>
    public static FakeResponse Slow(string text, TimeSpan perDelta, int chunkSize = 4) =>
        Text(text) with { DeltaDelay = perDelta, ChunkSize = chunkSize };

    /// <summary>Puts a thinking block in front of this response's content.</summary>
    public FakeResponse WithLeadingThinking(string thinking, string signature = "fake-signature") =>
        this with { Content = [new FakeThinkingBlock(thinking, signature), .. Content] };
}
