using Anima.Client.Text;
using System.Text;
using System.Text.Json;
using Anima.Messages.Serialization;
using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>
/// How the chat pane writes each thing it shows as markdown: messages with who and when, tool calls folded to a
/// line or expanded to code blocks, system messages as quotes, and the live state of a turn. Pure; the
/// <see cref="Transcript"/> decides what is shown, this decides how.
/// </summary>
public static class TranscriptMarkdown
{
    /// <summary>Folded tool results show at most this many lines.</summary>
    public const int FoldedResultLines = 1;

    /// <summary>Tool inputs re-serialized for people, text as the model wrote it.</summary>
    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = JsonText.AsWritten };

    private static readonly JsonSerializerOptions Indented = new(AsWritten) { WriteIndented = true };

    public static RenderItem Item(TranscriptItem item) => item switch
    {
        UserItem user => new RenderItem(RenderKind.User, $"### ▌You · {Time(user.At)}\n\n{MarkdownText.Literal(user.Text)}"),
        AgentItem agent => new RenderItem(RenderKind.Agent, $"### ◆ Anima · {Time(agent.At)}\n\n{agent.Text.TrimEnd()}"),
        ToolItem tool => new RenderItem(RenderKind.Tool, Tool(tool), tool.CallId),
        SystemItem system => new RenderItem(RenderKind.System, System(system)),
        _ => throw new InvalidOperationException($"Unknown item {item.GetType().Name}"),
    };

    /// <summary>The line that says how many items wait above the ones shown.</summary>
    public static RenderItem Earlier(int count) =>
        new(RenderKind.Earlier, $"*↑ {count:N0} earlier — scroll up or PageUp to show them*");

    /// <summary>The model thinking before it writes: the newest of its thoughts, on one line.</summary>
    public static RenderItem Thinking(string thinking) =>
        new(RenderKind.Thinking, $"*thinking… {Tail(thinking, 160)}*");

    /// <summary>The answer as it streams in, with a cursor.</summary>
    public static RenderItem Streaming(string text, DateTimeOffset now) =>
        new(RenderKind.Streaming, $"### ◆ Anima · {Time(now)}\n\n{text.TrimEnd()} ▍");

    public static RenderItem Retrying(RetryNotice retry) =>
        new(RenderKind.Retry, $"> ⟳ **Retrying** in {retry.Delay.TotalSeconds:0.#} s (attempt {retry.Attempt}/{retry.MaxAttempts}): {OneLine(retry.Reason, 200)}");

    /// <summary>A message of ours the journal does not hold yet.</summary>
    public static RenderItem Queued(PendingMessage pending)
    {
        var state = pending.Waiting ? "not sent yet: goes when the brain is back" : "queued";
        return new RenderItem(RenderKind.Queued, $"### ▌You · {state}\n\n{MarkdownText.Literal(pending.Text)}");
    }

    public static string Tool(ToolItem tool)
    {
        var arrow = tool.Expanded ? "▾" : "▸";
        var head = $"{arrow} ⚙ [{tool.Name}](tool:{tool.CallId}) `{InlineCode(OneLine(Summarize(tool.InputJson), 80))}`";
        if (!tool.Expanded)
        {
            var result = tool.Result switch
            {
                null when tool.AwaitingApproval => "  ⏸ waiting for your approval (Ctrl+a y)",
                null => "  … running",
                _ when EditDiff.Applies(tool) => $"  → {InlineCodeOrEmpty(FirstLines(tool.Result, FoldedResultLines))} {EditDiff.Counts(tool.Result)}",
                _ => $"  {(tool.IsError ? "✗ error" : "→")} {InlineCodeOrEmpty(FirstLines(tool.Result, FoldedResultLines))}{MoreLines(tool.Result)}",
            };
            return head + "  \n" + result;
        }

        var body = new StringBuilder(head).Append("\n\n");
        body.Append(MarkdownText.Fence(PrettyJson(tool.InputJson), "json"));
        if (tool.Result is not null)
        {
            body.Append("\n\n").Append(tool.IsError ? "✗ **error**" : "**result**").Append("\n\n").Append(MarkdownText.Fence(tool.Result.TrimEnd(), EditDiff.Applies(tool) ? "diff" : string.Empty));
        }

        return body.ToString();
    }

    private static string System(SystemItem system)
    {
        var mark = system.Level switch
        {
            SystemMessageLevel.Error => "✗ **Error**",
            SystemMessageLevel.Warning => "⚠ **Warning**",
            _ => "ℹ **System**",
        };
        return "> " + mark + " · " + Time(system.At) + "  \n> " + system.Text.TrimEnd().ReplaceLineEndings("  \n> ");
    }

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm");

    /// <summary>The most telling part of a tool's input: a lone string argument, else the compact JSON.</summary>
    private static string Summarize(string inputJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(inputJson);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                var first = doc.RootElement.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.String);
                if (first.Value.ValueKind == JsonValueKind.String)
                {
                    return first.Value.GetString() ?? inputJson;
                }
            }

            return JsonSerializer.Serialize(doc.RootElement, AsWritten);
        }
        catch (JsonException)
        {
            return inputJson;
        }
    }

    private static string PrettyJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string FirstLines(string text, int count) =>
        string.Join(" ⏎ ", text.Trim().Split('\n').Take(count).Select(l => OneLine(l, 100)));

    private static string MoreLines(string text)
    {
        var lines = text.Trim().Split('\n').Length;
        return lines > FoldedResultLines ? $" *(+{lines - FoldedResultLines} lines)*" : string.Empty;
    }

    private static string OneLine(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > max ? line[..(max - 1)] + "…" : line;
    }

    private static string Tail(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > max ? "…" + line[^(max - 1)..] : line;
    }

    private static string InlineCode(string text) => text.Replace('`', '\'');

    private static string InlineCodeOrEmpty(string text) => text.Length == 0 ? "*(empty)*" : "`" + InlineCode(text) + "`";
}
