using Anima.Client.Text;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;

namespace Anima.Tests.Tui;

/// <summary>What the chat pane's markdown says for each thing it shows, without a transcript or a terminal.</summary>
public sealed class TranscriptMarkdownSpecs
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_folded_tool_call_is_one_or_two_lines_with_the_first_result_line()
    {
        var tool = TranscriptMarkdown.Item(new ToolItem("c1", "bash", """{"command":"ls -la"}""", At) { Result = "total 8\nfile-a\nfile-b\n" });

        var lines = tool.Markdown.Split('\n');
        Assert.Equal(RenderKind.Tool, tool.Kind);
        Assert.InRange(lines.Length, 1, 2);
        Assert.Contains("bash", lines[0]);
        Assert.Contains("ls -la", lines[0]);
        Assert.Contains("total 8", lines[1]);
        Assert.Contains("+2 lines", lines[1]);
        Assert.DoesNotContain("file-b", tool.Markdown);
        Assert.Equal("c1", tool.ToolCallId);
    }

    [Fact]
    public void An_expanded_tool_call_shows_its_whole_input_and_result_in_code_blocks()
    {
        var tool = TranscriptMarkdown.Tool(new ToolItem("c1", "bash", """{"command":"ls -la"}""", At) { Result = "file-a\nfile-b", Expanded = true });

        Assert.Contains("```json", tool);
        Assert.Contains("\"command\": \"ls -la\"", tool);
        Assert.Contains("**result**", tool);
        Assert.Contains("file-a\nfile-b", tool);
    }

    [Fact]
    public void A_tool_input_shows_as_it_was_written_not_as_unicode_escapes()
    {
        var expanded = TranscriptMarkdown.Tool(new ToolItem("c1", "bash", """{"command":"grep 'Größe' <notes.md && echo done","timeout":30}""", At) { Expanded = true });
        var folded = TranscriptMarkdown.Tool(new ToolItem("c2", "wait", """{"seconds":5,"reason":null,"tags":["<a>","ü"]}""", At));

        Assert.Contains("\"command\": \"grep 'Größe' <notes.md && echo done\"", expanded);
        // Folded, an input without a lone string argument shows as compact JSON, as written too.
        Assert.Contains("""{"seconds":5,"reason":null,"tags":["<a>","ü"]}""", folded);
        Assert.DoesNotContain("\\u", expanded + folded);
    }

    [Fact]
    public void A_tool_error_and_a_running_tool_say_so_when_folded()
    {
        var running = new ToolItem("c1", "web_get", """{"url":"http://x"}""", At);

        Assert.Contains("… running", TranscriptMarkdown.Tool(running));
        Assert.Contains("✗ error `connection refused`", TranscriptMarkdown.Tool(running with { Result = "connection refused", IsError = true }));
        Assert.Contains("→ *(empty)*", TranscriptMarkdown.Tool(running with { Result = "" }));
    }

    [Fact]
    public void Tool_output_with_backticks_cannot_close_its_fence()
    {
        var fenced = MarkdownText.Fence("a\n```\nb", string.Empty);
        Assert.StartsWith("````\n", fenced);
        Assert.EndsWith("\n````", fenced);

        var folded = TranscriptMarkdown.Tool(new ToolItem("c1", "bash", """{"command":"echo `date`"}""", At) { Result = "``` done" });
        Assert.Equal(4, folded.Count(c => c == '`'));
    }

    [Fact]
    public void System_messages_are_set_apart_as_quotes_with_their_level()
    {
        var error = TranscriptMarkdown.Item(new SystemItem("No Anthropic credentials.\nRun ./anima login", SystemMessageLevel.Error, At)).Markdown;
        var warning = TranscriptMarkdown.Item(new SystemItem("Interrupted by the user.", SystemMessageLevel.Warning, At)).Markdown;

        Assert.All(error.Split('\n'), line => Assert.StartsWith(">", line));
        Assert.Contains("✗ **Error**", error);
        Assert.Contains("⚠ **Warning**", warning);
    }

    [Fact]
    public void The_users_text_is_shown_as_typed_and_the_agents_as_markdown()
    {
        var user = TranscriptMarkdown.Item(new UserItem("**not bold** and <b>", At)).Markdown;
        var agent = TranscriptMarkdown.Item(new AgentItem("**bold**\n", At, null)).Markdown;

        Assert.StartsWith("### ▌You · ", user);
        Assert.Contains(MarkdownText.Literal("**not bold** and <b>"), user);
        Assert.DoesNotContain("**not bold**", user);
        Assert.StartsWith("### ◆ Anima · ", agent);
        Assert.EndsWith("\n\n**bold**", agent);
    }

    [Fact]
    public void The_live_turn_reads_as_a_cursor_a_thought_and_a_retry()
    {
        Assert.EndsWith("Half an answer ▍", TranscriptMarkdown.Streaming("Half an answer\n", At).Markdown);
        var thought = TranscriptMarkdown.Thinking(new string('x', 300) + " the end").Markdown;
        Assert.StartsWith("*thinking… …", thought);
        Assert.EndsWith("the end*", thought);
        Assert.Equal(
            "> ⟳ **Retrying** in 4 s (attempt 2/5): 529 overloaded",
            TranscriptMarkdown.Retrying(new RetryNotice("s1", 2, 5, TimeSpan.FromSeconds(4), "529\noverloaded")).Markdown);
    }

    [Fact]
    public void A_message_on_its_way_says_whether_it_is_queued_or_waits_for_the_brain()
    {
        var queued = new PendingMessage("c1", "hello there");

        Assert.StartsWith("### ▌You · queued", TranscriptMarkdown.Queued(queued).Markdown);
        Assert.StartsWith("### ▌You · not sent yet", TranscriptMarkdown.Queued(queued with { Waiting = true }).Markdown);
        Assert.Equal("*↑ 1,234 earlier — scroll up or PageUp to show them*", TranscriptMarkdown.Earlier(1234).Markdown);
    }
}
