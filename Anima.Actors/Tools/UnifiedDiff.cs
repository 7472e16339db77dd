using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// The unified diff of exact text replacements (what edit_file does): hunks with three lines of context, numbered as
/// <c>diff -u</c> numbers them. Built from where the replacements are, not by comparing the files, so a replacement in
/// a large file costs nothing beyond the lines it touches.
/// </summary>
public static class UnifiedDiff
{
    private const int ContextLines = 3;

    /// <summary>The diff of replacing <paramref name="length"/> characters at each of <paramref name="offsets"/> (ascending) in <paramref name="before"/>, giving <paramref name="after"/>.</summary>
    public static string Of(string path, string before, string after, IReadOnlyList<int> offsets, int length, int replacementLength)
    {
        var oldStarts = LineStarts(before);
        var oldLines = Lines(before, oldStarts);
        var edits = new List<Edit>();
        var shift = 0; // characters the replacements so far added (or removed) before the current one
        var lineShift = 0;
        var i = 0;
        while (i < offsets.Count)
        {
            // Replacements whose lines touch are one region: whole lines of the old text and what they became.
            var first = LineOf(oldStarts, offsets[i]);
            var last = LineOf(oldStarts, offsets[i] + length - 1);
            var shiftBefore = shift;
            shift += replacementLength - length;
            i++;
            while (i < offsets.Count && LineOf(oldStarts, offsets[i]) <= last)
            {
                last = Math.Max(last, LineOf(oldStarts, offsets[i] + length - 1));
                shift += replacementLength - length;
                i++;
            }

            var regionStart = oldStarts[first];
            var regionEnd = last + 1 < oldStarts.Count ? oldStarts[last + 1] : before.Length;
            var newText = after[(regionStart + shiftBefore)..(regionEnd + shift)];
            var removed = oldLines[first..(last + 1)];
            var added = Lines(newText, LineStarts(newText));

            // Lines the replacement left as they were are context, not change.
            var same = 0;
            while (same < removed.Length && same < added.Length && removed[same] == added[same])
            {
                same++;
            }

            var sameEnd = 0;
            while (sameEnd < removed.Length - same && sameEnd < added.Length - same && removed[^(sameEnd + 1)] == added[^(sameEnd + 1)])
            {
                sameEnd++;
            }

            if (removed.Length - same - sameEnd > 0 || added.Length - same - sameEnd > 0)
            {
                edits.Add(new Edit(first + same, removed[same..^sameEnd], added[same..^sameEnd], first + same + lineShift));
            }

            lineShift += added.Length - removed.Length;
        }

        return Render(path, oldLines, edits);
    }

    private static string Render(string path, string[] oldLines, List<Edit> edits)
    {
        var text = new StringBuilder();
        text.Append("--- ").Append(path).Append('\n').Append("+++ ").Append(path).Append('\n');
        var e = 0;
        while (e < edits.Count)
        {
            // A hunk takes every following edit whose context would overlap its own.
            var last = e;
            while (last + 1 < edits.Count && edits[last + 1].OldStart - (edits[last].OldStart + edits[last].Removed.Length) <= 2 * ContextLines)
            {
                last++;
            }

            var oldStart = Math.Max(0, edits[e].OldStart - ContextLines);
            var oldEnd = Math.Min(oldLines.Length, edits[last].OldStart + edits[last].Removed.Length + ContextLines);
            var newStart = edits[e].NewStart - (edits[e].OldStart - oldStart);
            var body = new StringBuilder();
            int oldCount = 0, newCount = 0;
            var line = oldStart;
            for (var k = e; k <= last; k++)
            {
                for (; line < edits[k].OldStart; line++, oldCount++, newCount++)
                {
                    body.Append(' ').Append(oldLines[line]).Append('\n');
                }

                foreach (var removed in edits[k].Removed)
                {
                    body.Append('-').Append(removed).Append('\n');
                }

                foreach (var added in edits[k].Added)
                {
                    body.Append('+').Append(added).Append('\n');
                }

                oldCount += edits[k].Removed.Length;
                newCount += edits[k].Added.Length;
                line += edits[k].Removed.Length;
            }

            for (; line < oldEnd; line++, oldCount++, newCount++)
            {
                body.Append(' ').Append(oldLines[line]).Append('\n');
            }

            text.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n").Append(body);
            e = last + 1;
        }

        return text.ToString();
    }

    /// <summary>A hunk's range as diff -u writes it: 1-based, the count left out when it is 1, the line before when empty.</summary>
    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };

    /// <summary>Where each line starts; a final newline does not begin another line.</summary>
    private static List<int> LineStarts(string text)
    {
        var starts = new List<int>();
        if (text.Length == 0)
        {
            return starts;
        }

        starts.Add(0);
        for (var i = text.IndexOf('\n'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }

        return starts;
    }

    private static string[] Lines(string text, List<int> starts)
    {
        var lines = new string[starts.Count];
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : text.Length;
            lines[i] = text[starts[i]..end].TrimEnd('\n').TrimEnd('\r');
        }

        return lines;
    }

    private static int LineOf(List<int> starts, int offset)
    {
        var index = starts.BinarySearch(offset);
        return index >= 0 ? index : ~index - 1;
    }

    private sealed record Edit(int OldStart, string[] Removed, string[] Added, int NewStart);
}
