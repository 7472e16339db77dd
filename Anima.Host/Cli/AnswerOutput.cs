using System.Globalization;
using System.Text;
using Anima.Client;
using Anima.Client.Text;

namespace Anima.Host.Cli;

/// <summary>
/// How <c>anima ask</c> shows the agent's answers: what the journal will hold, once. On a terminal an answer streams
/// as it is written, and is corrected in place when what the brain has differs from what was shown (an attempt that
/// failed and is retried from the start, a brain restarted mid-answer); notices go above it. Into a pipe or a file,
/// where nothing shown can be taken back, each answer is written once the journal has it.
/// </summary>
public sealed class AnswerOutput
{
    private const string Esc = "\u001b";

    private readonly TextWriter _output;
    private readonly TextWriter _activity;
    private readonly bool _outputIsTerminal;
    private readonly bool _activityIsTerminal;
    private readonly Func<int> _width;

    // The model call's text shown so far (unescaped); only ever non-empty on a terminal.
    private string _shown = string.Empty;

    /// <param name="width">The terminal's width in columns, read when a shown answer must be taken back.</param>
    public AnswerOutput(TextWriter output, TextWriter activity, bool outputIsTerminal, bool activityIsTerminal, Func<int> width)
    {
        _output = output;
        _activity = activity;
        _outputIsTerminal = outputIsTerminal;
        _activityIsTerminal = activityIsTerminal;
        _width = width;
    }

    /// <summary>The process's own stdout and stderr, each escaped and streamed only if it is a terminal.</summary>
    public static AnswerOutput ForConsole() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected,
        () => Console.IsOutputRedirected ? 80 : Math.Max(Console.WindowWidth, 1));

    /// <summary>The running model call's text as the brain has it now (streamed so far, or all of it after a re-attach).</summary>
    public void Streamed(string current)
    {
        if (!_outputIsTerminal || current == _shown)
        {
            return;
        }

        if (current.StartsWith(_shown, StringComparison.Ordinal))
        {
            Write(current[_shown.Length..]);
            _shown = current;
        }
        else if (!_shown.StartsWith(current, StringComparison.Ordinal))
        {
            // Not what was shown, nor on its way to it: this attempt says something else.
            TakeBack();
            Write(current);
            _shown = current;
        }

        // Else the text is catching up with what is shown (a retry saying it again): nothing to add yet.
    }

    /// <summary>The attempt that was streaming is abandoned: the next one starts from nothing.</summary>
    public void Abandoned()
    {
        if (_shown.Length > 0)
        {
            TakeBack();
            _shown = string.Empty;
        }
    }

    /// <summary>The model call's answer, as journaled: shown whole, and ended with a newline.</summary>
    public void Journaled(string text)
    {
        if (_outputIsTerminal)
        {
            if (text != _shown)
            {
                if (text.StartsWith(_shown, StringComparison.Ordinal))
                {
                    Write(text[_shown.Length..]);
                }
                else
                {
                    TakeBack();
                    Write(text);
                }
            }

            if (text.Length > 0)
            {
                Write("\n");
            }

            _shown = string.Empty;
            return;
        }

        if (text.Length > 0)
        {
            _output.Write(text);
            _output.Write('\n');
            _output.Flush();
        }
    }

    /// <summary>A line about what happens (tools, retries, the link): on stderr, above an answer being streamed.</summary>
    public void Activity(string line)
    {
        var sharesTheScreen = _outputIsTerminal && _activityIsTerminal && _shown.Length > 0;
        if (sharesTheScreen)
        {
            TakeBack();
        }

        _activity.WriteLine(_activityIsTerminal ? TerminalText.Escape(line) : line);
        _activity.Flush();
        if (sharesTheScreen)
        {
            Write(_shown);
        }
    }

    /// <summary>The rows of the terminal <paramref name="text"/> spans when written from the first column, less one.</summary>
    public static int RowsBelowStart(string text, int width)
    {
        var row = 0;
        var column = 0;
        var graphemes = StringInfo.GetTextElementEnumerator(TerminalText.Escape(text));
        while (graphemes.MoveNext())
        {
            var grapheme = graphemes.GetTextElement();
            if (grapheme is "\n" or "\r\n")
            {
                row++;
                column = 0;
                continue;
            }

            var columns = grapheme == "\t" ? 8 - (column % 8) : TextColumns.Width(grapheme);
            if (column + columns > width && column > 0)
            {
                // The terminal wraps before a character that no longer fits (and not before, at the margin).
                row++;
                column = 0;
            }

            column = Math.Min(column + columns, width);
        }

        return row;
    }

    private void Write(string text)
    {
        _output.Write(TerminalText.Escape(text));
        _output.Flush();
    }

    /// <summary>Erases what this answer showed: back to its first row, then clears to the end of the screen.</summary>
    private void TakeBack()
    {
        if (_shown.Length == 0)
        {
            return;
        }

        var rows = RowsBelowStart(_shown, _width());
        var erase = new StringBuilder("\r");
        if (rows > 0)
        {
            erase.Append(Esc).Append('[').Append(rows).Append('A');
        }

        erase.Append(Esc).Append("[J");
        _output.Write(erase.ToString());
        _output.Flush();
    }
}
