using System.Text.Json;

namespace Anima.Actors.Providers;

/// <summary>One call to a model, provider-neutral: what the viewport assembles and a provider sends.</summary>
/// <param name="VolatileTail">
/// Text that changes with every call (the agent's volatile tail): sent as the last block of the last user
/// message, after everything a provider may cache.
/// </param>
public sealed record LlmRequest(
    string Model,
    int MaxTokens,
    string System,
    IReadOnlyList<LlmMessage> Messages,
    IReadOnlyList<ToolDefinition> Tools,
    int? ThinkingBudget = null,
    string? VolatileTail = null);

public enum LlmRole
{
    User,
    Assistant,
}

public sealed record LlmMessage(LlmRole Role, IReadOnlyList<LlmContent> Content);

public abstract record LlmContent;

public sealed record TextContent(string Text) : LlmContent;

public sealed record ThinkingContent(string Thinking, string Signature) : LlmContent;

public sealed record ToolUseContent(string Id, string Name, string InputJson) : LlmContent;

public sealed record ToolResultContent(string ToolUseId, string Content, bool IsError) : LlmContent;

/// <summary>A tool as the model sees it: <paramref name="InputSchema"/> is a JSON Schema object.</summary>
public sealed record ToolDefinition(string Name, string Description, JsonElement InputSchema);
