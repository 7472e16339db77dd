using Anima.Client;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;
using Terminal.Gui.App;
using Terminal.Gui.Input;

namespace Anima.Tui.Keys;

/// <summary>
/// Keys that mean something anywhere, seen before the focused view: command mode, Esc, scrolling, and the rule
/// that what is typed goes to the input box unless a dialog is open. The rest go to the focused view.
/// </summary>
public sealed class GlobalKeys
{
    private readonly MainWindow _window;
    private readonly StatusState _status;
    private readonly Action<CommandAction> _execute;

    public GlobalKeys(MainWindow window, StatusState status, Action<CommandAction> execute)
    {
        _window = window;
        _status = status;
        _execute = execute;
    }

    /// <summary>
    /// Routes <paramref name="app"/>'s keys and pastes through this, and drops Terminal.Gui's application-wide
    /// bindings that fight the TUI's own: Esc quit the whole TUI from wherever a dialog's focus had wandered, and
    /// the arrows moved focus out of the input box when it had nothing to do with them (Up in an empty box), after
    /// which typing and pastes went nowhere.
    /// </summary>
    public void Attach(IApplication app)
    {
        foreach (var key in new[] { Key.Esc, Key.CursorUp, Key.CursorDown, Key.CursorLeft, Key.CursorRight })
        {
            app.Keyboard.KeyBindings.Remove(key);
        }

        app.Keyboard.KeyDown += (_, key) =>
        {
            if (Handle(key))
            {
                key.Handled = true;
            }
        };
        app.Paste += (_, _) => KeepTypingInTheInput();
    }

    /// <summary>True when the key was used here and the focused view must not see it.</summary>
    public bool Handle(Key key)
    {
        if (_status.CommandPending)
        {
            _status.CommandPending = false;
            var command = key == Key.Esc || !key.TryGetPrintableRune(out var rune) || !rune.IsBmp
                ? CommandAction.Cancel
                : CommandKeyMap.Resolve((char)rune.Value);
            _execute(command);
            return true;
        }

        if (key == Key.A.WithCtrl)
        {
            _status.CommandPending = true;
            return true;
        }

        if (_window.OpenOverlay is { } overlay)
        {
            if (key == Key.Esc)
            {
                _window.CloseOverlays();
                return true;
            }

            if (!overlay.HasFocus)
            {
                overlay.SetFocus();
            }

            // No dialog has a second control to move to, and Tab must not leave the dialog for the chat behind it.
            return key == Key.Tab || key == Key.Tab.WithShift;
        }

        KeepTypingInTheInput();
        if (key == Key.Esc)
        {
            _execute(CommandAction.Interrupt);
            return true;
        }

        if (key == Key.PageUp || key == Key.PageDown)
        {
            _window.Chat.ScrollPage(key == Key.PageUp ? -1 : 1);
            return true;
        }

        if (key == Key.End || key == Key.End.WithCtrl)
        {
            // The input box still takes End to the end of its line; the chat jumps to the newest output.
            _window.Chat.ScrollToEnd();
            return key == Key.End.WithCtrl;
        }

        if (key == Key.R && _status.Link == LinkState.Disconnected && _window.Input.IsEmpty)
        {
            _execute(CommandAction.Retry);
            return true;
        }

        return key == Key.Tab || key == Key.Tab.WithShift;
    }

    /// <summary>Outside dialogs every key and paste is for the input box, wherever focus went (a click on the chat).</summary>
    private void KeepTypingInTheInput()
    {
        if (_window.OpenOverlay is null && !_window.Input.HasFocus)
        {
            _window.Input.SetFocus();
        }
    }
}
