using System.Text.Json;
using Anima.Host.Cli;
using Anima.Messages.Sessions;
using Markdig.Syntax;

namespace Anima.Tests.Cli;

/// <summary>What <c>anima export</c> writes for each event, without a brain in the way.</summary>
public sealed class ExportFormatSpecs
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Jsonl_carries_text_as_written_so_it_can_be_searched()
    {
        const string text = "grep 'Größe' <notes.md && echo \"日本語\"";

        var jsonl = Transcript.Jsonl([new Journaled("s1", 2, new UserMessage(text, At))]);

        Assert.Contains(""""grep 'Größe' <notes.md && echo \"日本語\"""", jsonl, StringComparison.Ordinal);
        using var line = JsonDocument.Parse(jsonl);
        Assert.Equal(2, line.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(text, line.RootElement.GetProperty("event").GetProperty("text").GetString());
    }

    [Fact]
    public void Markdown_keeps_a_tool_call_and_its_output_whole_whatever_fences_they_hold()
    {
        const string input = """{"command":"printf '```\\n'"}""";
        const string output = "# Title\n```bash\nls\n```\nafter the fence";
        Journaled[] events =
        [
            new("s1", 1, new UserMessage("show me the readme", At)),
            new("s1", 2, new ToolCall("t1", "bash", input, At)),
            new("s1", 3, new ToolResponse("t1", output, false, At)),
            new("s1", 4, new AgentMessage("Done.", At)),
        ];

        var markdown = Transcript.Markdown("s1", "show me the readme", events);

        // The README's own fence does not close the block it is shown in.
        var blocks = Markdig.Markdown.Parse(markdown).Descendants<FencedCodeBlock>().Select(b => b.Lines.ToString()).ToList();
        Assert.Equal([input, output], blocks);
        Assert.EndsWith("Done.\n\n", markdown, StringComparison.Ordinal);
    }
}
