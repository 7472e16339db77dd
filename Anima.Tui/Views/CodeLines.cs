using System.Globalization;
using System.Text;
using Anima.Client.Text;
using Anima.Tui.ViewModel;
using Markdig;
using Markdig.Syntax;

namespace Anima.Tui.Views;

/// <summary>
/// Terminal.Gui draws a code block line by line and cuts what does not fit, without a mark: the end of a long
/// command, of a line of tool output, or of a line of a several-line message (shown as a plain block) was lost.
/// Lines of code blocks wider than the pane are broken here, at a space when there is one late enough in the row,
/// and every continuation starts with <see cref="Continued"/>, so a break is never mistaken for a line of its own.
/// </summary>
public static class CodeLines
{
    /// <summary>Starts each row that continues the line above it.</summary>
    public const string Continued = "↪ ";

    /// <summary>Narrower than this, code is left as it is: a row of a few characters helps nobody.</summary>
    private const int NarrowestRoom = 8;

    /// <summary>
    /// <paramref name="markdown"/> with each line of its code blocks broken into rows of at most
    /// <paramref name="columns"/> terminal columns; everything else is left as it is.
    /// </summary>
    public static string Wrap(string markdown, int columns, MarkdownPipeline pipeline)
    {
        // Most redraws have no code line too wide (a character takes at most two columns): they skip the parse.
        if (columns < NarrowestRoom || !HasLineLongerThan(markdown, columns / 2) || !MayHoldCode(markdown))
        {
            return markdown;
        }

        var lines = markdown.Split('\n');
        var codeStarts = CodeStarts(Markdown.Parse(markdown, pipeline), markdown, lines);
        var wrapped = new StringBuilder(markdown.Length + 256);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                wrapped.Append('\n');
            }

            var line = lines[i];
            if (!codeStarts.TryGetValue(i, out var codeStart) || Columns(line) <= columns)
            {
                wrapped.Append(line);
                continue;
            }

            // The prefix (a quote's "> ", a list item's indentation) keeps each row inside the same block.
            var prefix = line[..codeStart];
            var room = columns - Columns(prefix);
            if (room - Continued.Length < NarrowestRoom)
            {
                wrapped.Append(line);
                continue;
            }

            Break(wrapped, prefix, line[codeStart..].TrimEnd('\r'), room);
        }

        return wrapped.ToString();
    }

    /// <summary>The columns a code block gives <paramref name="text"/>: Terminal.Gui draws a tab or a control character in one.</summary>
    public static int Columns(string text)
    {
        var columns = 0;
        var graphemes = StringInfo.GetTextElementEnumerator(text);
        while (graphemes.MoveNext())
        {
            columns += Math.Max(1, TextColumns.Width(graphemes.GetTextElement()));
        }

        return columns;
    }

    /// <summary>Line number → where the code starts on it, for every line inside a code block.</summary>
    private static Dictionary<int, int> CodeStarts(MarkdownDocument document, string markdown, string[] lines)
    {
        var lineStarts = new int[lines.Length];
        for (int i = 1, at = 0; i < lines.Length; i++)
        {
            at += lines[i - 1].Length + 1;
            lineStarts[i] = at;
        }

        var starts = new Dictionary<int, int>();
        foreach (var block in document.Descendants<CodeBlock>())
        {
            for (var i = 0; i < block.Lines.Count; i++)
            {
                var line = block.Lines.Lines[i];
                if (line.Line >= 0 && line.Line < lines.Length && line.Slice.Start <= markdown.Length)
                {
                    starts[line.Line] = Math.Clamp(line.Slice.Start - lineStarts[line.Line], 0, lines[line.Line].Length);
                }
            }
        }

        return starts;
    }

    private static void Break(StringBuilder wrapped, string prefix, string code, int room)
    {
        var graphemes = new List<(string Text, int Columns)>();
        var enumerator = StringInfo.GetTextElementEnumerator(code);
        while (enumerator.MoveNext())
        {
            var grapheme = enumerator.GetTextElement();
            graphemes.Add((grapheme, Math.Max(1, TextColumns.Width(grapheme))));
        }

        var continuation = Columns(Continued);
        var start = 0;
        var first = true;
        while (start < graphemes.Count)
        {
            var width = first ? room : room - continuation;
            var end = start;
            var used = 0;
            while (end < graphemes.Count && used + graphemes[end].Columns <= width)
            {
                used += graphemes[end].Columns;
                end++;
            }

            if (end == start)
            {
                end++; // a grapheme wider than the row: it goes alone
            }
            else if (end < graphemes.Count)
            {
                // At a space in the second half of the row, so words stay whole; else at the edge.
                for (var space = end - 1; space > start + ((end - start) / 2); space--)
                {
                    if (graphemes[space].Text is " " or "\t")
                    {
                        end = space + 1;
                        break;
                    }
                }
            }

            if (!first)
            {
                wrapped.Append('\n');
            }

            wrapped.Append(prefix).Append(first ? string.Empty : Continued);
            for (var i = start; i < end; i++)
            {
                wrapped.Append(graphemes[i].Text);
            }

            start = end;
            first = false;
        }
    }

    private static bool HasLineLongerThan(string text, int length)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.Length > length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fence, or an indented line: a cheap test that lets most redraws of prose skip the parse.</summary>
    private static bool MayHoldCode(string markdown) =>
        markdown.Contains("```", StringComparison.Ordinal) || markdown.Contains("~~~", StringComparison.Ordinal)
        || markdown.Contains("\n    ", StringComparison.Ordinal) || markdown.Contains("\n\t", StringComparison.Ordinal)
        || markdown.StartsWith("    ", StringComparison.Ordinal) || markdown.StartsWith('\t');
}
