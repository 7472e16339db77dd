namespace Anima.FakeAnthropic;

/// <summary>One content block of a scripted assistant message.</summary>
public abstract record FakeContentBlock;

public sealed record FakeTextBlock(string Text) : FakeContentBlock;

public sealed record FakeThinkingBlock(string Thinking, string Signature) : FakeContentBlock;

/// <summary>A tool call; <paramref name="InputJson"/> is streamed as several <c>input_json_delta</c> chunks.</summary>
public sealed record FakeToolUseBlock(string Id, string Name, string InputJson) : FakeContentBlock;
