using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>
/// The chat pane: the transcript as one markdown document. New output follows only while the view
/// is scrolled to the bottom; scrolled up, it stays where the reader is.
/// </summary>
public sealed class ChatView : Markdown
{
    private bool _follow = true;
    private int _readerY;
    private bool _adjusting;

    public ChatView()
    {
        ShowHeadingPrefix = false;
        ShowCopyButtons = false;
        UseThemeBackground = false;
        ViewportChanged += (_, _) =>
        {
            if (!_adjusting)
            {
                _readerY = Viewport.Y;
                _follow = AtBottom;
            }
        };
    }

    /// <summary>True while new output scrolls into view.</summary>
    public bool Following => _follow;

    private int MaxY => Math.Max(0, GetContentSize().Height - Viewport.Height);

    private bool AtBottom => Viewport.Y >= MaxY;

    public void Show(string markdown)
    {
        if (Text == markdown)
        {
            return;
        }

        _adjusting = true;
        try
        {
            Text = markdown;
        }
        finally
        {
            _adjusting = false;
        }
    }

    public void ScrollPage(int direction)
    {
        ScrollVertical(direction * Math.Max(1, Viewport.Height - 2));
        _readerY = Viewport.Y;
        _follow = AtBottom;
        SetNeedsDraw();
    }

    public void ScrollToEnd()
    {
        _follow = true;
        SetNeedsLayout();
    }

    protected override void OnSubViewLayout(LayoutEventArgs args)
    {
        _adjusting = true;
        try
        {
            base.OnSubViewLayout(args);
            var y = _follow ? MaxY : Math.Min(_readerY, MaxY);
            if (Viewport.Y != y)
            {
                Viewport = Viewport with { Y = y };
            }
        }
        finally
        {
            _adjusting = false;
        }
    }
}
