using System.Globalization;
using System.Text;
using Terminal.Gui.Text;

namespace Anima.Tui.ViewModel;

/// <summary>
/// Text measured in terminal columns, not characters: an emoji or a CJK character takes two, so a title padded by
/// its length pushed every column after it out of line (the session picker, <c>anima sessions</c>).
/// </summary>
public static class TextColumns
{
    /// <summary>The columns <paramref name="text"/> takes on a terminal (Terminal.Gui's measure, grapheme by grapheme).</summary>
    public static int Width(string text) => text.GetColumns();

    /// <summary>
    /// <paramref name="text"/> in exactly <paramref name="columns"/> columns: cut with "…" when longer (never through a
    /// grapheme), padded with spaces when shorter.
    /// </summary>
    public static string Fit(string text, int columns)
    {
        var width = Width(text);
        if (width <= columns)
        {
            return text + new string(' ', columns - width);
        }

        var cut = new StringBuilder();
        var used = 0;
        var graphemes = StringInfo.GetTextElementEnumerator(text);
        while (graphemes.MoveNext())
        {
            var grapheme = graphemes.GetTextElement();
            var w = Width(grapheme);
            if (used + w > columns - 1)
            {
                break;
            }

            cut.Append(grapheme);
            used += w;
        }

        return cut.Append('…').Append(' ', columns - 1 - used).ToString();
    }
}
