using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>Session facts at a glance: id, title, messages, context window, last turn's usage.</summary>
public sealed class Sidebar : FrameView
{
    private readonly PlainLabel _body = new() { X = 0, Y = 0, Width = Dim.Fill(), Height = Dim.Fill() };

    public Sidebar()
    {
        Title = "Session";
        CanFocus = false;
        Add(_body);
    }

    public void Show(string text)
    {
        if (_body.Text != text)
        {
            _body.Text = text;
        }
    }
}
