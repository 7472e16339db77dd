using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>Whether Anthropic credentials are set, and a place to paste a key (stored as 'anima login' does).</summary>
public sealed class AccountDialog : Overlay
{
    private readonly PlainLabel _state = new() { X = 1, Y = 0, Width = Dim.Fill(1), Height = 4 };
    private readonly TextField _key = new() { X = 1, Y = 5, Width = Dim.Fill(1), Secret = true };

    public AccountDialog()
        : base("Account (Enter stores the key, Esc closes)", 70, 40)
    {
        Add(_state, new Label { X = 1, Y = 4, Text = "Paste an Anthropic API key:" }, _key);
    }

    /// <summary>Raised with the pasted key when Enter is pressed in the field.</summary>
    public event Action<string>? KeyEntered;

    public void Show(string state)
    {
        _state.Text = state;
        _key.Text = string.Empty;
        Open();
        _key.SetFocus();
    }

    public void ShowState(string state) => _state.Text = state;

    protected override bool OnKeyDown(Key key)
    {
        if (key == Key.Enter)
        {
            var value = _key.Text.Trim();
            if (value.Length > 0)
            {
                _key.Text = string.Empty;
                KeyEntered?.Invoke(value);
            }

            return true;
        }

        return base.OnKeyDown(key);
    }
}
