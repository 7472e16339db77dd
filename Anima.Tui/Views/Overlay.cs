using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>A panel drawn over the chat (picker, help, account); Esc closes it and gives focus back.</summary>
public abstract class Overlay : FrameView
{
    protected Overlay(string title, int width, int height)
    {
        Title = title;
        X = Pos.Center();
        Y = Pos.Center();
        Width = Dim.Percent(width);
        Height = Dim.Percent(height);
        Visible = false;
        CanFocus = true;
        Arrangement = ViewArrangement.Overlapped;
    }

    /// <summary>Raised when the overlay closes, so the input box takes focus again.</summary>
    public event Action? Closed;

    public bool IsOpen => Visible;

    public virtual void Open()
    {
        Visible = true;
        SuperView?.MoveSubViewToEnd(this);
        SetFocus();
        SetNeedsDraw();
    }

    public void Close()
    {
        if (!Visible)
        {
            return;
        }

        Visible = false;
        SuperView?.SetNeedsDraw();
        Closed?.Invoke();
    }

    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.Esc)
        {
            Close();
            return true;
        }

        return base.OnKeyDown(key);
    }
}
