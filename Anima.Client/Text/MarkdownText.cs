using System.Text;

namespace Anima.Client.Text;

/// <summary>Text put into markdown so that it shows as it is, wherever the markdown is read (the chat pane, an export).</summary>
public static class MarkdownText
{
    /// <summary>A fence longer than any backtick run inside, so tool output never closes it early.</summary>
    public static string Fence(string text, string language)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}{language}\n{text}\n{fence}";
    }

    /// <summary>
    /// Markdown that shows <paramref name="text"/> as it was typed. One line: every ASCII punctuation character
    /// escaped, so <c>__init__</c>, <c>*args</c>, <c># x</c> or <c>1. x</c> stay text. Several lines, or an indented
    /// one: a plain code block, line for line (the chat pane shows a markdown line break as a space and drops a
    /// paragraph's indentation).
    /// </summary>
    public static string Literal(string text)
    {
        var typed = text.ReplaceLineEndings("\n").TrimEnd();
        return typed.Contains('\n') || typed.StartsWith(' ') || typed.StartsWith('\t') ? Fence(typed, string.Empty) : LiteralLine(typed);
    }

    private static string LiteralLine(string line)
    {
        var markdown = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (c < 128 && (char.IsPunctuation(c) || char.IsSymbol(c)))
            {
                markdown.Append('\\');
            }

            markdown.Append(c);
        }

        return markdown.ToString();
    }
}
