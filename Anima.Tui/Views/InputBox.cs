using Anima.Tui.ViewModel;
using Terminal.Gui.Input;
using Terminal.Gui.Views;

// TextView is marked obsolete in favour of tui-cs/Editor's EditorView, which is not served here.
#pragma warning disable CS0618

namespace Anima.Tui.Views;

/// <summary>The message being written: Enter sends, Shift/Alt+Enter breaks the line, Up/Down browse what was sent.</summary>
public sealed class InputBox : TextView
{
    private readonly InputHistory _history = new();

    public InputBox()
    {
        WordWrap = true;
        TabKeyAddsTab = false;
    }

    /// <summary>Raised with the text when Enter sends it.</summary>
    public event Action<string>? Submitted;

    public bool IsEmpty => Text.Length == 0;

    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.Enter)
        {
            var text = Text.TrimEnd('\r', '\n');
            if (text.Trim().Length > 0)
            {
                _history.Add(text);
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

        if (key == Key.CursorUp && CurrentRow == 0 && _history.Previous(Text) is { } previous)
        {
            Replace(previous);
            return true;
        }

        if (key == Key.CursorDown && CurrentRow >= Lines - 1 && _history.Next() is { } next)
        {
            Replace(next);
            return true;
        }

        return base.OnKeyDown(key);
    }

    /// <summary>Shift+Enter where the terminal tells it apart; Alt+Enter arrives as Esc + Ctrl+M; Ctrl+J is a bare line feed.</summary>
    public static bool IsNewLine(Key key) =>
        key == Key.Enter.WithShift || key == Key.Enter.WithAlt || key == Key.M.WithCtrl.WithAlt || key == Key.J.WithCtrl;

    private void Replace(string text)
    {
        Text = text;
        MoveEnd();
    }
}
