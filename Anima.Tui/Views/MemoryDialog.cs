using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

// TextView is marked obsolete in favour of tui-cs/Editor's EditorView, which is not served here (as in InputBox).
#pragma warning disable CS0618

namespace Anima.Tui.Views;

/// <summary>What memory brought back for the last turn and why (<see cref="ViewModel.RecallText"/>); scrolls, Esc closes.</summary>
public sealed class MemoryDialog : Overlay
{
    private readonly TextView _text = new() { X = 1, Y = 0, Width = Dim.Fill(1), Height = Dim.Fill(), ReadOnly = true, WordWrap = true };

    public MemoryDialog()
        : base("Memory: recalled for the last turn (↑↓ PageUp PageDown scroll, Esc closes)", 80, 80)
    {
        Add(_text);
    }

    public string Shown => _text.Text;

    public void Show(string text)
    {
        _text.Text = text;
        Open();
        _text.SetFocus();
    }

    /// <summary>A newer recall arrived while the view is open.</summary>
    public void Update(string text)
    {
        if (_text.Text != text)
        {
            _text.Text = text;
        }
    }
}
