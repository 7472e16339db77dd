using Anima.Messages.Sessions;

namespace Anima.Actors.Providers;

/// <summary>What a provider yields while a response streams; the last item is always a <see cref="LlmResponse"/>.</summary>
public abstract record LlmStreamEvent;

public sealed record LlmTextDelta(string Text) : LlmStreamEvent;

public sealed record LlmThinkingDelta(string Text) : LlmStreamEvent;

/// <summary>
/// What the call is billed for so far, as <c>message_start</c> says (its input and cache tokens): an interrupted call
/// is paid for too, and this is all a stream cut short tells of it.
/// </summary>
public sealed record LlmUsageSoFar(TokenUsage Usage) : LlmStreamEvent;

public sealed record LlmResponse(
    string Text,
    string? Thinking,
    string? ThinkingSignature,
    IReadOnlyList<ToolUseContent> ToolUses,
    TokenUsage Usage,
    string? StopReason) : LlmStreamEvent;
