using System.Drawing;
using Anima.Messages.Sessions;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;

namespace Anima.Tests.Tui;

/// <summary>The chat pane laid out headless: Terminal.Gui's Markdown view needs no terminal for layout.</summary>
[Collection("headless terminal")]
public sealed class ChatViewSpecs
{
    private static readonly Size Screen = new(40, 10);

    [Fact]
    public void A_reader_at_the_top_asks_for_earlier_items_and_stays_on_the_same_line_when_they_come_in()
    {
        using var chat = new ChatView { Width = Screen.Width, Height = Screen.Height };
        chat.Show(Paragraphs(100, 199));
        chat.Layout(Screen);
        Assert.True(chat.Following);
        Assert.True(chat.Viewport.Y > 0);

        var asked = 0;
        chat.TopReached += () => asked++;
        while (chat.Viewport.Y > 0)
        {
            chat.ScrollPage(-1);
        }

        Assert.Equal(1, asked);
        Assert.False(chat.Following);
        chat.ScrollPage(-1); // PageUp with nothing above asks again
        Assert.Equal(2, asked);

        var before = chat.GetContentSize().Height;
        chat.Show(Paragraphs(0, 199), addedAbove: true);
        chat.Layout(Screen);

        // Everything added went above the reader: they still see "paragraph 100" at the top.
        Assert.Equal(chat.GetContentSize().Height - before, chat.Viewport.Y);
        Assert.False(chat.Following);

        // New output at the end does not move them either.
        var y = chat.Viewport.Y;
        chat.Show(Paragraphs(0, 220));
        chat.Layout(Screen);
        Assert.Equal(y, chat.Viewport.Y);
    }

    [Fact]
    public void A_reader_at_the_bottom_follows_new_output()
    {
        using var chat = new ChatView { Width = Screen.Width, Height = Screen.Height };
        chat.Show(Paragraphs(0, 50));
        chat.Layout(Screen);
        chat.Show(Paragraphs(0, 80));
        chat.Layout(Screen);

        Assert.True(chat.Following);
        Assert.Equal(chat.GetContentSize().Height - chat.Viewport.Height, chat.Viewport.Y);
    }

    [Theory]
    [InlineData(60, 12)]
    [InlineData(30, 8)]
    [InlineData(40, 20)]
    public void A_resize_keeps_a_following_reader_at_the_newest_output_and_following(int width, int height)
    {
        using var terminal = new HeadlessTerminal(new Terminal.Gui.Views.Window(), Screen.Width, Screen.Height);
        var chat = new ChatView { Width = Terminal.Gui.ViewBase.Dim.Fill(), Height = Terminal.Gui.ViewBase.Dim.Fill() };
        terminal.Top.Add(chat);
        chat.Show(Paragraphs(0, 100));
        Assert.Contains("paragraph 100", terminal.Screen());

        terminal.Resize(width, height);
        Assert.True(chat.Following, "still following after the resize");
        Assert.Contains("paragraph 100", terminal.Screen());

        chat.Show(Paragraphs(0, 120));
        Assert.Contains("paragraph 120", terminal.Screen());
    }

    [Fact]
    public void Resizing_the_terminal_never_jumps_the_chat_to_the_top_nor_stops_it_following()
    {
        // The TUI's own layout: Terminal.Gui's scroll bar, resized with the pane, put the view back at the top.
        var window = new MainWindow();
        using var terminal = new HeadlessTerminal(window, 120, 40);
        var newest = 60;
        window.Chat.Show(Paragraphs(0, newest));
        Assert.True(Shows(terminal.Screen(), newest));

        foreach (var (width, height) in new[] { (110, 40), (110, 25), (120, 40), (120, 20), (79, 30), (200, 60), (60, 15), (120, 40) })
        {
            terminal.Resize(width, height);
            Assert.True(window.Chat.Following, $"still following at {width}x{height}");
            Assert.True(Shows(terminal.Screen(), newest), $"the newest output in view at {width}x{height}");

            window.Chat.Show(Paragraphs(0, ++newest)); // output streams on
            Assert.True(Shows(terminal.Screen(), newest), $"new output in view at {width}x{height}");
        }

        // A reader who scrolled up stays scrolled up, and off the top.
        window.Chat.ScrollPage(-1);
        terminal.Screen();
        foreach (var (width, height) in new[] { (120, 25), (100, 40), (120, 40) })
        {
            terminal.Resize(width, height);
            Assert.False(window.Chat.Following);
            Assert.InRange(window.Chat.Viewport.Y, 1, window.Chat.GetContentSize().Height - window.Chat.Viewport.Height - 1);
        }

        static bool Shows(string screen, int paragraph) =>
            System.Text.RegularExpressions.Regex.IsMatch(screen, $@"paragraph {paragraph}(\s|$)");
    }

    [Fact]
    public void A_resize_leaves_a_reader_who_scrolled_up_where_they_were_not_at_the_top()
    {
        using var terminal = new HeadlessTerminal(new Terminal.Gui.Views.Window(), Screen.Width, Screen.Height);
        var chat = new ChatView { Width = Terminal.Gui.ViewBase.Dim.Fill(), Height = Terminal.Gui.ViewBase.Dim.Fill() };
        terminal.Top.Add(chat);
        chat.Show(Paragraphs(0, 100));
        terminal.Screen();
        chat.ScrollPage(-1);
        terminal.Screen();
        Assert.False(chat.Following);

        terminal.Resize(60, 12);

        Assert.False(chat.Following);
        Assert.DoesNotContain("paragraph 0\n", terminal.Screen());
        Assert.Contains("paragraph 9", terminal.Screen());
    }

    [Fact]
    public void Long_lines_in_code_blocks_are_wrapped_with_a_mark_and_nothing_is_cut_at_any_width()
    {
        var typed = "begin " + string.Concat(Enumerable.Repeat("0123456789", 8)) + " THE-END";
        var output = "out " + string.Concat(Enumerable.Repeat("abcdefghij ", 8)) + "RESULT-END";
        var code = "echo " + string.Concat(Enumerable.Repeat("x", 70)) + " CODE-END";
        var transcript = new Transcript("s1");
        transcript.Apply(new Journaled("s1", 1, new UserMessage("first line\n" + typed, DateTimeOffset.UnixEpoch)));
        transcript.Apply(new Journaled("s1", 2, new ToolCall("c1", "bash", "{\"command\":\"ls\"}", DateTimeOffset.UnixEpoch)));
        transcript.Apply(new Journaled("s1", 3, new ToolResponse("c1", output, false, DateTimeOffset.UnixEpoch)));
        transcript.Apply(new Journaled("s1", 4, new AgentMessage($"Run:\n\n- this\n\n  ```bash\n  {code}\n  ```\n", DateTimeOffset.UnixEpoch)));
        transcript.ToggleAllTools();
        using var terminal = new HeadlessTerminal(new Terminal.Gui.Views.Window(), 50, 150); // tall: all of it in view
        var chat = new ChatView { Width = Terminal.Gui.ViewBase.Dim.Fill(), Height = Terminal.Gui.ViewBase.Dim.Fill() };
        terminal.Top.Add(chat);
        chat.Show(transcript.ToMarkdown());

        foreach (var width in new[] { 50, 36, 27, 120 })
        {
            terminal.Resize(width, 150);
            var screen = terminal.Screen();

            // Every character is on screen, in order (the rows joined again), and the breaks are marked.
            var joined = Rows(screen);
            Assert.All(new[] { typed, output, code }, line => Assert.Contains(WithoutSpaces(line), WithoutSpaces(joined)));
            Assert.Equal(width < 100, screen.Contains(CodeLines.Continued, StringComparison.Ordinal));
        }
    }

    /// <summary>The screen inside the window's frame, with each marked row put back at the end of the row above it.</summary>
    private static string Rows(string screen)
    {
        var rows = new List<string>();
        foreach (var line in screen.Split('\n').Where(l => l.StartsWith('│')))
        {
            var row = line.TrimEnd().TrimEnd('│').TrimEnd()[1..];
            if (row.StartsWith(CodeLines.Continued, StringComparison.Ordinal) && rows.Count > 0)
            {
                rows[^1] += row[CodeLines.Continued.Length..];
            }
            else
            {
                rows.Add(row);
            }
        }

        return string.Join('\n', rows);
    }

    private static string WithoutSpaces(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void Angle_brackets_in_a_message_show_as_typed_not_as_html_that_vanishes()
    {
        using var chat = new ChatView();

        var shown = Visible(chat.RenderToAnsi("why does <div class=\"x\"> not center? <b>really</b> & <br/>", 80));

        Assert.Contains("why does <div class=\"x\"> not center? <b>really</b> & <br/>", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("what does __init__ do? and *args, a*b*c, 2 * 3 # not a heading <x> [not](a link) `x` ~~y~~ C:\\temp\\*.txt")]
    [InlineData("1. not a list")]
    [InlineData("    indented, not code")]
    [InlineData("first line\n    second, indented: __init__ *x*\n\nafter a blank line")]
    public void A_message_shows_as_the_user_typed_it(string typed)
    {
        var transcript = new Transcript("s1");
        transcript.Apply(new Journaled("s1", 1, new UserMessage(typed, DateTimeOffset.UnixEpoch)));
        using var chat = new ChatView();

        var shown = Visible(chat.RenderToAnsi(transcript.ToMarkdown(), 200)).Replace('\u00A0', ' ').Split('\n').Select(l => l.TrimEnd()).ToList();

        Assert.All(typed.Split('\n'), line => Assert.Contains(line, shown));
    }

    /// <summary>What a terminal shows of ANSI output: the text, without its escape sequences.</summary>
    private static string Visible(string ansi) => System.Text.RegularExpressions.Regex.Replace(ansi, @"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", string.Empty);

    private static string Paragraphs(int first, int last) =>
        string.Join("\n\n", Enumerable.Range(first, last - first + 1).Select(i => $"paragraph {i}")) + "\n";
}
