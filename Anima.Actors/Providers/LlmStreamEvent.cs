using Anima.Messages.Sessions;

namespace Anima.Actors.Providers;

/// <summary>What a provider yields while a response streams; the last item is always a <see cref="LlmResponse"/>.</summary>
public abstract record LlmStreamEvent;

public sealed record LlmTextDelta(string Text) : LlmStreamEvent;

public sealed record LlmThinkingDelta(string Text) : LlmStreamEvent;

public sealed record LlmResponse(
    string Text,
    string? Thinking,
    string? ThinkingSignature,
    IReadOnlyList<ToolUseContent> ToolUses,
    TokenUsage Usage,
    string? StopReason) : LlmStreamEvent;
