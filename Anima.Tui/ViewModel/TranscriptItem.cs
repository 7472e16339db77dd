using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>One thing on the chat pane. Journaled items carry the sequence number the brain gave them.</summary>
public abstract record TranscriptItem
{
    public long Seq { get; init; }
}

public sealed record UserItem(string Text, DateTimeOffset At) : TranscriptItem;

public sealed record AgentItem(string Text, DateTimeOffset At, TokenUsage? Usage) : TranscriptItem;

/// <summary>A tool call and, once it came back, its result; folded to a line or two unless expanded.</summary>
public sealed record ToolItem(string CallId, string Name, string InputJson, DateTimeOffset At) : TranscriptItem
{
    public string? Result { get; init; }

    public bool IsError { get; init; }

    public bool Expanded { get; init; }

    /// <summary>The call waits for the user's yes or no (a journaled request not answered yet).</summary>
    public bool AwaitingApproval { get; init; }
}

public sealed record SystemItem(string Text, SystemMessageLevel Level, DateTimeOffset At) : TranscriptItem;
