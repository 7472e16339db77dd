using Anima.Tui.Views;

namespace Anima.Tests.Tui;

public sealed class CodeLinesSpecs
{
    public static TheoryData<string, int> CodeAndWidths => new()
    {
        { "```\n" + string.Concat(Enumerable.Repeat("0123456789", 12)) + "\n```\n", 30 },
        { "```bash\n" + string.Concat(Enumerable.Repeat("word ", 40)) + "end\nshort\n```\n", 25 },
        { "> quoted\n>\n> ```\n> " + string.Concat(Enumerable.Repeat("quoted-code ", 10)) + "\n> ```\n", 30 },
        { "- item\n\n  ```\n  " + string.Concat(Enumerable.Repeat("listed ", 15)) + "\n  ```\n", 24 },
        { "```\n" + string.Concat(Enumerable.Repeat("日本語のテキスト", 6)) + "\n```\n", 21 },
        { "```\ncol1\tcol2\t" + string.Concat(Enumerable.Repeat("x\t", 30)) + "\n```\n", 20 },
        { "    indented " + string.Concat(Enumerable.Repeat("code ", 12)) + "\n", 26 },
    };

    [Theory]
    [MemberData(nameof(CodeAndWidths))]
    public void Every_row_fits_and_the_rows_joined_again_are_the_line_as_written(string markdown, int columns)
    {
        var wrapped = CodeLines.Wrap(markdown, columns, ChatView.Pipeline);

        Assert.NotEqual(markdown, wrapped);
        Assert.All(wrapped.Split('\n'), row => Assert.True(CodeLines.Columns(row) <= columns, $"'{row}' is wider than {columns}"));
        Assert.Equal(markdown, Unwrap(wrapped));
    }

    [Fact]
    public void Prose_and_code_that_fits_are_left_as_they_are()
    {
        var markdown = "A paragraph " + string.Concat(Enumerable.Repeat("that goes on ", 20)) + "\n\n```\nshort\n```\n";

        Assert.Equal(markdown, CodeLines.Wrap(markdown, 40, ChatView.Pipeline));
    }

    [Fact]
    public void A_line_breaks_at_a_space_late_in_the_row_and_only_at_the_edge_when_there_is_none()
    {
        var wrapped = CodeLines.Wrap("```\nalpha beta gamma delta epsilon zeta eta theta\n```\n", 20, ChatView.Pipeline);

        Assert.Equal("```\nalpha beta gamma \n↪ delta epsilon \n↪ zeta eta theta\n```\n", wrapped);
    }

    /// <summary>Each marked row put back at the end of the row above it, its block's prefix dropped.</summary>
    private static string Unwrap(string wrapped)
    {
        var rows = new List<string>();
        foreach (var row in wrapped.Split('\n'))
        {
            var mark = row.IndexOf(CodeLines.Continued, StringComparison.Ordinal);
            if (mark >= 0 && rows.Count > 0 && row[..mark].Trim().Trim('>').Trim().Length == 0)
            {
                rows[^1] += row[(mark + CodeLines.Continued.Length)..];
            }
            else
            {
                rows.Add(row);
            }
        }

        return string.Join('\n', rows);
    }
}
