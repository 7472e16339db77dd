using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Anima.Messages.Serialization;

namespace Anima.Actors.Tools;

/// <summary>
/// Caps a tool's result at a size <em>as stored</em>: the bytes of its JSON string, as the journal row, the message
/// to a client and the export carry it. A 1.9 MB web page of control bytes became an 11.4 MB row (each such byte
/// is six as <c>\u0001</c>), too big for any message to a client (4 MB frames): the TUI showed the call running for
/// ever and <c>export</c> left the event out. What does not fit keeps its start and its end, with a note of the cut.
/// </summary>
public static class ToolResultCap
{
    /// <summary>The stored default: a quarter of a remoting frame, and about 64k tokens of plain text.</summary>
    public const int DefaultMaxBytes = 256 * 1024;

    /// <summary>The bytes <paramref name="text"/> takes as a JSON string Anima writes (quotes not counted).</summary>
    public static int StoredBytes(string text) =>
        Encoding.UTF8.GetByteCount(JsonEncodedText.Encode(text, JsonText.AsWritten).Value);

    /// <summary><paramref name="content"/> when it fits <paramref name="maxBytes"/> as stored; else its start and end around a note.</summary>
    public static string Fit(string content, int maxBytes)
    {
        // Six stored bytes per character at worst (\u0001): most results are far below and cost no encoding here.
        if ((long)content.Length * 6 <= maxBytes)
        {
            return content;
        }

        var stored = StoredBytes(content);
        if (stored <= maxBytes)
        {
            return content;
        }

        var budget = Math.Max(0, maxBytes - 256); // the note's own bytes
        for (var attempt = 0; ; attempt++)
        {
            var headEnd = Walk(content, budget / 2, fromEnd: false);
            var tailStart = Walk(content, budget - budget / 2, fromEnd: true);
            var note = $"\n[result truncated: {Format(stored)} as stored; {Format(stored - Cost(content, 0, headEnd) - Cost(content, tailStart, content.Length))} cut here, "
                + $"the first and the last {Format(budget / 2)} are kept]\n";
            var fitted = string.Concat(content.AsSpan(0, headEnd), note, content.AsSpan(tailStart));
            var size = StoredBytes(fitted);
            if (size <= maxBytes || attempt == 3)
            {
                return fitted;
            }

            budget -= size - maxBytes; // the estimate of a character's cost was low: shrink by the excess
        }
    }

    /// <summary>How many characters from the start (or, <paramref name="fromEnd"/>, the index where the end begins) fit in <paramref name="bytes"/>, never splitting a surrogate pair.</summary>
    private static int Walk(string text, int bytes, bool fromEnd)
    {
        var used = 0;
        if (!fromEnd)
        {
            var i = 0;
            while (i < text.Length && used + Cost(text[i]) <= bytes)
            {
                used += Cost(text[i]);
                i++;
            }

            return i > 0 && char.IsHighSurrogate(text[i - 1]) ? i - 1 : i;
        }

        var start = text.Length;
        while (start > 0 && used + Cost(text[start - 1]) <= bytes)
        {
            used += Cost(text[start - 1]);
            start--;
        }

        return start < text.Length && char.IsLowSurrogate(text[start]) ? start + 1 : start;
    }

    private static int Cost(string text, int from, int to)
    {
        var sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += Cost(text[i]);
        }

        return sum;
    }

    /// <summary>A character's stored bytes as <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> writes it (an estimate; the result is measured).</summary>
    private static int Cost(char c) => c switch
    {
        '\b' or '\t' or '\n' or '\f' or '\r' or '"' or '\\' => 2,
        < ' ' => 6,
        < '\u007f' => 1,
        < '\u00a0' => 6,
        < '\u0800' => 2,
        _ when char.IsSurrogate(c) => 2,
        _ => 3,
    };

    private static string Format(long bytes) => ByteSize.Format(bytes);
}
