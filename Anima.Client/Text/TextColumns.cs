using System.Globalization;
using System.Text;
using Wcwidth;

namespace Anima.Client.Text;

/// <summary>
/// Text measured in terminal columns, not characters: an emoji or a CJK character takes two, so a title padded by
/// its length pushed every column after it out of line (the session picker, <c>anima sessions</c>).
/// </summary>
public static class TextColumns
{
    private const int RegionalIndicatorA = 0x1F1E6;
    private const int RegionalIndicatorZ = 0x1F1FF;

    /// <summary>
    /// The columns <paramref name="text"/> takes on a terminal, grapheme by grapheme, as Terminal.Gui draws it: a
    /// grapheme is as wide as its widest character (an emoji joined of several takes two, a combining accent none), a
    /// flag two.
    /// </summary>
    public static int Width(string text)
    {
        var columns = 0;
        var graphemes = StringInfo.GetTextElementEnumerator(text);
        while (graphemes.MoveNext())
        {
            var widest = 0;
            var flag = 0;
            foreach (var rune in graphemes.GetTextElement().EnumerateRunes())
            {
                widest = Math.Max(widest, UnicodeCalculator.GetWidth(rune));
                flag += rune.Value is >= RegionalIndicatorA and <= RegionalIndicatorZ ? 1 : 0;
            }

            columns += flag == 2 ? 2 : widest; // two regional indicators make a flag, one emoji wide
        }

        return columns;
    }

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
