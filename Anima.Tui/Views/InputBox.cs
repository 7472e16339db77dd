using Anima.Tui.ViewModel;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

// TextView is marked obsolete in favour of tui-cs/Editor's EditorView, which is not served here.
#pragma warning disable CS0618

namespace Anima.Tui.Views;

/// <summary>The message being written: Enter sends, Shift/Alt+Enter breaks the line, Up/Down browse what was sent.</summary>
public sealed class InputBox : TextView
{
    public InputBox()
    {
        WordWrap = true;
        TabKeyAddsTab = false;
    }

    /// <summary>Raised with the text when Enter sends it.</summary>
    public event Action<string>? Submitted;

    public bool IsEmpty => Text.Length == 0;

    /// <summary>What Up and Down browse; the TUI gives it one kept on disk.</summary>
    public InputHistory History { get; set; } = new();

    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.Enter)
        {
            var text = Text.TrimEnd('\r', '\n');
            if (text.Trim().Length > 0)
            {
                History.Add(text);
                Text = string.Empty;
                Submitted?.Invoke(text);
            }

            return true;
        }

        if (IsNewLine(key))
        {
            InsertText("\n");
            return true;
        }

        // On the first or last line Up and Down are the history's, also when it has nothing more: passed on,
        // they moved focus out of the box, and what was typed next went nowhere.
        if (key == Key.CursorUp && CurrentRow == 0)
        {
            if (History.Previous(Text) is { } previous)
            {
                Replace(previous);
            }

            return true;
        }

        if (key == Key.CursorDown && CurrentRow >= Lines - 1)
        {
            if (History.Next() is { } next)
            {
                Replace(next);
            }

            return true;
        }

        if (key == Key.U.WithCtrl)
        {
            // As in a shell: Ctrl+U clears what is being written.
            Text = string.Empty;
            return true;
        }

        return base.OnKeyDown(key);
    }

    /// <summary>
    /// Shift+Enter where the terminal tells it apart; Alt+Enter arrives as Esc + Ctrl+M; Ctrl+J is a bare line feed,
    /// which Terminal.Gui 2.5 reads as Ctrl+Enter (so do terminals that send Ctrl+Enter as a line feed).
    /// </summary>
    public static bool IsNewLine(Key key) =>
        key == Key.Enter.WithShift || key == Key.Enter.WithAlt || key == Key.M.WithCtrl.WithAlt || key == Key.J.WithCtrl || key == Key.Enter.WithCtrl;

    /// <summary>
    /// Terminal.Gui 2.5 scrolls to the cursor while the line is unwrapped for the edit, by its unwrapped row: a line
    /// that wrapped onto a new row left the cursor below the box, and what was typed next out of sight. Settled here,
    /// when the edit is done and the rows are the ones drawn.
    /// </summary>
    protected override bool OnDrawingContent(Terminal.Gui.ViewBase.DrawContext? context)
    {
        var row = CurrentRow;
        if (row >= Viewport.Y + Viewport.Height)
        {
            Viewport = Viewport with { Y = row - Viewport.Height + 1 };
        }
        else if (row < Viewport.Y)
        {
            Viewport = Viewport with { Y = row };
        }

        return base.OnDrawingContent(context);
    }

    private void Replace(string text)
    {
        Text = text;
        MoveEnd();
    }
}
