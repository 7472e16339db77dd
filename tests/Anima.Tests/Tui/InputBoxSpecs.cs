using Anima.Tui.Views;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;

namespace Anima.Tests.Tui;

/// <summary>The input box of the main window on a headless terminal, typed into key by key.</summary>
[Collection("headless terminal")]
public sealed class InputBoxSpecs
{
    [Fact]
    public void The_line_being_typed_stays_in_view_as_it_wraps_onto_new_rows()
    {
        var window = new MainWindow();
        using var terminal = new HeadlessTerminal(window, 50, 20);
        window.Input.SetFocus();

        for (var i = 1; i <= 50; i++)
        {
            if (i == 40)
            {
                terminal.Press(Key.Enter.WithAlt); // a second line, wrapping in turn
            }

            var word = $"w{i:00}";
            foreach (var c in word + " ")
            {
                terminal.App.InjectKey(new Key(c));
            }

            Assert.Contains(word, InputRows(terminal.Screen()));
            Assert.InRange(window.Input.CurrentRow, window.Input.Viewport.Y, window.Input.Viewport.Y + window.Input.Viewport.Height - 1);
        }
    }

    /// <summary>The rows inside the input box's frame (the rows above the status line).</summary>
    private static string InputRows(string screen)
    {
        var rows = screen.Split('\n');
        var bottom = Array.FindLastIndex(rows, r => r.StartsWith('╰'));
        return string.Join('\n', rows[(bottom - MainWindow.InputHeight + 2)..bottom]);
    }
}
