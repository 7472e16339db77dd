namespace Anima.Tui.ViewModel;

public enum RenderKind
{
    User,
    Agent,
    Tool,
    System,
    Streaming,
    Thinking,
    Retry,
    Queued,

    /// <summary>The line saying how many items are above the ones shown.</summary>
    Earlier,
}

/// <summary>What the chat pane draws for one item: its kind and the markdown for it.</summary>
public sealed record RenderItem(RenderKind Kind, string Markdown, string? ToolCallId = null);
