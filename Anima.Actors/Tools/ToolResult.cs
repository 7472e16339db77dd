namespace Anima.Actors.Tools;

/// <summary>What a tool hands back to the model; <paramref name="Interrupted"/> marks a run the user stopped.</summary>
public sealed record ToolResult(string Content, bool IsError, bool Interrupted = false)
{
    public const string InterruptedByUser = "Interrupted by the user.";

    public static ToolResult Error(string content) => new(content, IsError: true);
}
