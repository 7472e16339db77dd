using Anima.Host.Cli;
using Anima.Messages.Clients;
using Anima.Client.Text;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;

namespace Anima.Tests.Tui;

public sealed class TextColumnsSpecs
{
    private static readonly string[] Titles =
    [
        "plain title",
        "🎉 party planning",
        "日本語のセッションのタイトル",
        "👩‍💻 pairing on the parser",
        "a title far longer than any column would ever give it, so it must be cut",
        "한국어 제목과 emoji 🚀🚀🚀 mixed in a long one",
    ];

    [Theory]
    [InlineData("日本語", 6)]
    [InlineData("🎉 x", 4)]
    [InlineData("👩‍💻", 2)]
    [InlineData("plain", 5)]
    public void Wide_characters_take_two_columns(string text, int columns) => Assert.Equal(columns, TextColumns.Width(text));

    /// <summary>
    /// The CLI (anima sessions, anima ask) measures without Terminal.Gui, which the TUI draws with: both must agree
    /// on every character and on the sequences that make one wide grapheme, or tables and wrapped answers drift.
    /// </summary>
    [Fact]
    public void The_cli_measures_text_as_the_tui_draws_it()
    {
        var samples = new List<string>(Titles)
        {
            "👩‍💻", "👨‍👩‍👧‍👦", "❤️", "✔️", "1️⃣", "👍🏽", "🇯🇵", "🇩🇪🇫🇷", "a🇯🇵b", "🏳️‍🌈", "e\u0301", "\u0301a", "ab\r\ncd", "\u001b[2J", "\u200b", "ｱＡ",
        };
        for (var c = 0; c < 0x30000; c++)
        {
            if (c is < 0xD800 or > 0xDFFF)
            {
                samples.Add(char.ConvertFromUtf32(c));
            }
        }

        var differing = samples.Where(s => TextColumns.Width(s) != Terminal.Gui.Text.StringExtensions.GetColumns(s))
            .Select(s => $"{string.Join(" ", s.EnumerateRunes().Select(r => $"U+{r.Value:X4}"))}: {TextColumns.Width(s)} against {Terminal.Gui.Text.StringExtensions.GetColumns(s)}")
            .ToList();

        Assert.Empty(differing);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(7)]
    public void Fit_gives_exactly_the_columns_asked_cutting_with_an_ellipsis(int columns)
    {
        foreach (var title in Titles)
        {
            var fitted = TextColumns.Fit(title, columns);
            Assert.Equal(columns, TextColumns.Width(fitted));
            Assert.True(TextColumns.Width(title) <= columns || fitted.TrimEnd().EndsWith('…'), fitted);
        }
    }

    [Fact]
    public void The_session_picker_s_columns_line_up_whatever_the_titles_hold()
    {
        var now = DateTimeOffset.Now;
        var rows = Titles.Select((t, i) => SessionPicker.Row(Summary(t, i), current: i == 0, now)).ToList();

        Assert.Single(rows.Select(r => TextColumns.Width(r[..r.IndexOf(" msgs", StringComparison.Ordinal)])).Distinct());
    }

    [Fact]
    public void The_sessions_table_s_columns_line_up_whatever_the_titles_hold()
    {
        var lines = SessionsCommand.Table(Titles.Select(Summary).ToList()).TrimEnd('\n').Split('\n');

        // Where the MESSAGES column ends, in terminal columns, on every line.
        var header = lines[0];
        var messagesEnd = TextColumns.Width(header[..(header.IndexOf("MESSAGES", StringComparison.Ordinal) + "MESSAGES".Length)]);
        Assert.All(lines.Skip(1), line =>
        {
            var count = line.IndexOf("  2026", StringComparison.Ordinal) is var at and > 0 ? at : line.LastIndexOf("  20", StringComparison.Ordinal);
            Assert.Equal(messagesEnd, TextColumns.Width(line[..count]));
        });
    }

    private static SessionSummary Summary(string title, int i) =>
        new($"s{i:D5}", title, 10 + i, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 1);
}
