using Anima.Actors.Agent;
using Anima.Actors.Providers;

namespace Anima.Tests.Agent;

/// <summary>A compact text form of the viewport, so specs read like the conversation they expect.</summary>
internal static class ViewportRendering
{
    public static IReadOnlyList<string> Render(this ViewportResult result) =>
        result.Messages.Select(Render).ToList();

    public static string Render(LlmMessage message) =>
        (message.Role == LlmRole.User ? "user: " : "assistant: ") + string.Join(" | ", message.Content.Select(Render));

    private static string Render(LlmContent content) => content switch
    {
        TextContent text => text.Text,
        ThinkingContent thinking => $"thinking({thinking.Thinking})",
        ToolUseContent use => $"tool_use({use.Id})",
        ToolResultContent result => result.IsError ? $"tool_error({result.ToolUseId})" : $"tool_result({result.ToolUseId})",
        _ => content.ToString() ?? "?",
    };
}
