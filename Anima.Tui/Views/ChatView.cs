using Markdig;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using MarkdownView = Terminal.Gui.Views.Markdown;

namespace Anima.Tui.Views;

/// <summary>
/// The chat pane: the transcript as one markdown document. New output follows only while the view
/// is scrolled to the bottom; scrolled up, it stays where the reader is.
/// </summary>
public sealed class ChatView : MarkdownView
{
    /// <summary>
    /// Terminal.Gui's pipeline (Markdig's advanced extensions) with HTML read as text: a terminal cannot render it,
    /// and the view dropped it, so "why does &lt;div&gt; not center?" showed as "why does  not center?".
    /// </summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    private bool _follow = true;
    private int _readerY;
    private System.Drawing.Size _size;
    private string _source = string.Empty;
    private int _wrappedFor = -1;
    private int? _readerFromEnd;
    private bool _adjusting;
    private bool _resizing;

    public ChatView()
    {
        MarkdownPipeline = Pipeline;
        ShowHeadingPrefix = false;
        ShowCopyButtons = false;
        UseThemeBackground = false;
        SyntaxHighlighter = new DiffHighlighter(() => CodeColours.For(App?.Driver?.DefaultAttribute));
        ViewportChanged += (_, _) =>
        {
            // Sized here, not from the event's arguments: Terminal.Gui 2.5 passes an empty "new" viewport.
            var resized = Viewport.Size != _size;
            _size = Viewport.Size;
            if (resized)
            {
                // The terminal was resized, the reader did not scroll. Terminal.Gui moves the view meanwhile (its
                // scroll bar, resized, puts it back at the top; a shrink clamps it), and read as the reader's scroll
                // that jumped the chat to the top and stopped it following. Until layout has placed the view again
                // (at the end for a follower, where the reader was otherwise), what moves it is layout.
                _resizing = true;
            }

            if (_adjusting || _resizing)
            {
                return;
            }

            // One scroll can change the viewport more than once: ask once per arrival at the top.
            var arrivedAtTop = Viewport.Y == 0 && _readerY != 0;
            _readerY = Viewport.Y;
            _follow = AtBottom;
            if (arrivedAtTop && !_follow)
            {
                TopReached?.Invoke();
            }
        };
    }

    /// <summary>The reader scrolled to the top of what is shown: earlier items may be brought in.</summary>
    public event Action? TopReached;

    /// <summary>True while new output scrolls into view.</summary>
    public bool Following => _follow;

    private int MaxY => Math.Max(0, GetContentSize().Height - Viewport.Height);

    private bool AtBottom => Viewport.Y >= MaxY;

    /// <summary>
    /// Shows <paramref name="markdown"/>. With <paramref name="addedAbove"/> the new text has more at its start
    /// than the last one, so a reader scrolled up keeps their distance from the end, which is the same line.
    /// </summary>
    public void Show(string markdown, bool addedAbove = false)
    {
        if (_source == markdown)
        {
            return;
        }

        _source = markdown;

        if (addedAbove && !_follow)
        {
            _readerFromEnd ??= MaxY - Viewport.Y;
        }

        _adjusting = true;
        try
        {
            SetWrapped();
        }
        finally
        {
            _adjusting = false;
        }
    }

    /// <summary>The markdown given to <see cref="Show"/>, with the lines of code blocks broken to the pane's width.</summary>
    private void SetWrapped()
    {
        _wrappedFor = Viewport.Width;
        Text = CodeLines.Wrap(_source, Viewport.Width - 1, Pipeline);
    }

    /// <summary>
    /// Code in the terminal's own colours (<see cref="CodeColours"/>). The code blocks are subviews without a scheme
    /// of their own, so they ask this view.
    /// </summary>
    protected override bool OnGettingAttributeForRole(in VisualRole role, ref Terminal.Gui.Drawing.Attribute currentAttribute)
    {
        if (role != VisualRole.Code)
        {
            return base.OnGettingAttributeForRole(role, ref currentAttribute);
        }

        currentAttribute = CodeColours.For(App?.Driver?.DefaultAttribute);
        return true;
    }

    public void ScrollPage(int direction)
    {
        if (direction < 0 && Viewport.Y == 0)
        {
            // Nothing above to scroll to: stop following, so the earlier items brought in stay in view.
            _follow = false;
            TopReached?.Invoke();
            return;
        }

        ScrollVertical(direction * Math.Max(1, Viewport.Height - 2));
        _readerY = Viewport.Y;
        _follow = AtBottom;
        SetNeedsDraw();
    }

    public void ScrollToEnd()
    {
        _follow = true;
        _readerFromEnd = null;
        SetNeedsLayout();
    }

    protected override void OnSubViewLayout(LayoutEventArgs args)
    {
        _adjusting = true;
        try
        {
            if (Viewport.Width != _wrappedFor)
            {
                SetWrapped(); // code lines are broken for the pane's width
            }

            base.OnSubViewLayout(args);
            if (_readerFromEnd is { } fromEnd && !_follow)
            {
                _readerY = Math.Max(0, MaxY - fromEnd);
            }

            _readerFromEnd = null;
            var y = _follow ? MaxY : Math.Min(_readerY, MaxY);
            if (_follow)
            {
                _readerY = y;
            }

            if (Viewport.Y != y)
            {
                Viewport = Viewport with { Y = y };
            }
        }
        finally
        {
            _adjusting = false;
            _resizing = false;
        }
    }
}
