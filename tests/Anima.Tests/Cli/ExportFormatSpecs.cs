using System.Text.Json;
using Anima.Host.Cli;
using Anima.Messages.Sessions;

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
}
