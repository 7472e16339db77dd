using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;
using Terminal.Gui.Drawing;

namespace Anima.Tests.Tui;

/// <summary>An edit_file call in the chat: folded to a line with its counts like any tool call, expanded a coloured diff.</summary>
[Collection("headless terminal")]
public sealed class EditDiffSpecs
{
    private const string Result = "Edited greeting.txt.\n--- greeting.txt\n+++ greeting.txt\n@@ -1,2 +1,2 @@\n keep me\n-Hello, world\n+Hello, Anima\n";

    [Fact]
    public void A_folded_edit_shows_its_summary_and_the_lines_added_and_removed()
    {
        var transcript = Edited();

        var markdown = transcript.ToMarkdown();

        Assert.Contains("→ `Edited greeting.txt.` +1 −1", markdown);
        Assert.DoesNotContain("Hello, Anima", markdown);
    }

    [Fact]
    public void An_expanded_edit_shows_added_lines_green_removed_lines_red_and_context_as_other_code()
    {
        var transcript = Edited();
        transcript.ToggleAllTools();
        using var terminal = new HeadlessTerminal(new Terminal.Gui.Views.Window(), 60, 40);
        var chat = new ChatView { Width = Terminal.Gui.ViewBase.Dim.Fill(), Height = Terminal.Gui.ViewBase.Dim.Fill() };
        terminal.Top.Add(chat);
        chat.Show(transcript.ToMarkdown());
        terminal.Screen();

        Assert.Equal(DiffHighlighter.Added, ForegroundAt(terminal, "+Hello, Anima"));
        Assert.Equal(DiffHighlighter.Removed, ForegroundAt(terminal, "-Hello, world"));
        Assert.Equal(DiffHighlighter.Hunk, ForegroundAt(terminal, "@@ -1,2 +1,2 @@"));
        var context = ForegroundAt(terminal, " keep me");
        Assert.NotEqual(DiffHighlighter.Added, context);
        Assert.NotEqual(DiffHighlighter.Removed, context);
    }

    private static Transcript Edited()
    {
        var transcript = new Transcript("s1");
        transcript.Apply(new Journaled("s1", 1, new ToolCall("c1", "edit_file", """{"path":"greeting.txt","old_string":"world","new_string":"Anima"}""", DateTimeOffset.UnixEpoch)));
        transcript.Apply(new Journaled("s1", 2, new ToolResponse("c1", Result, false, DateTimeOffset.UnixEpoch)));
        return transcript;
    }

    /// <summary>The foreground of the first cell of <paramref name="text"/> on the screen.</summary>
    private static Color ForegroundAt(HeadlessTerminal terminal, string text)
    {
        var contents = terminal.App.Driver!.Contents!;
        for (var row = 0; row < contents.GetLength(0); row++)
        {
            var line = string.Concat(Enumerable.Range(0, contents.GetLength(1)).Select(col => contents[row, col].Grapheme));
            var at = line.IndexOf(text, StringComparison.Ordinal);
            if (at >= 0)
            {
                return contents[row, at].Attribute!.Value.Foreground;
            }
        }

        throw new Xunit.Sdk.XunitException($"'{text}' is not on the screen:\n{terminal.Screen()}");
    }
}
