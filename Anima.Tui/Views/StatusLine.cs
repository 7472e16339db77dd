using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>The bottom line: mode, connection, and what can be done now.</summary>
public sealed class StatusLine : View
{
    private readonly PlainLabel _label = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };

    public StatusLine()
    {
        Height = 1;
        CanFocus = false;
        Add(_label);
    }

    public void Show(string mode, string connection, string hint)
    {
        var text = $" {mode} │ {connection} │ {hint}";
        if (_label.Text != text)
        {
            _label.Text = text;
        }
    }
}
