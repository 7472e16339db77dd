using System.Text;

namespace Anima.Client;

/// <summary>
/// Text from a session (tool output, web pages, the model's words) made safe to write to a terminal. A terminal
/// obeys the control characters in what it is given: <c>ESC ]0;…</c> retitles it, <c>ESC [2J</c> clears it, others
/// move the cursor or redefine keys. Here they show as what they are — their Unicode pictures (ESC as ␛) — as they
/// do in the TUI, which draws cells and never passes them through. Newlines and tabs are kept.
/// </summary>
public static class TerminalText
{
    /// <summary><paramref name="text"/> with every control character but newline and tab made visible.</summary>
    public static string Escape(string text)
    {
        var first = FirstToEscape(text);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break; // a line end written by Windows: the newline that follows is enough
                case < ' ' when c is not ('\n' or '\t'):
                    safe.Append((char)(0x2400 + c)); // ␀ … ␟: U+2400 is the picture of NUL
                    break;
                case '\u007f':
                    safe.Append('\u2421'); // ␡
                    break;
                case >= '\u0080' and <= '\u009f':
                    // C1 controls are ESC and a letter in one byte (0x9B is CSI, ESC [): shown as that pair.
                    safe.Append('\u241b').Append((char)(c - 0x40));
                    break;
                default:
                    safe.Append(c);
                    break;
            }
        }

        return safe.ToString();
    }

    private static int FirstToEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c < ' ' && c is not ('\n' or '\t')) || c is >= '\u007f' and <= '\u009f')
            {
                return i;
            }
        }

        return -1;
    }
}
