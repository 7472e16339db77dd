namespace Anima.Tui.ViewModel;

/// <summary>Sent messages, browsed with Up/Down like a shell's history.</summary>
public sealed class InputHistory
{
    private readonly List<string> _entries = [];
    private int _position;
    private string _draft = string.Empty;

    public void Add(string text)
    {
        if (text.Length > 0 && (_entries.Count == 0 || _entries[^1] != text))
        {
            _entries.Add(text);
        }

        _position = _entries.Count;
        _draft = string.Empty;
    }

    /// <summary>The entry before the current one, or null at the oldest.</summary>
    public string? Previous(string current)
    {
        if (_position == 0)
        {
            return null;
        }

        if (_position == _entries.Count)
        {
            _draft = current;
        }

        return _entries[--_position];
    }

    /// <summary>The entry after the current one; past the newest, the draft typed before browsing.</summary>
    public string? Next()
    {
        if (_position >= _entries.Count)
        {
            return null;
        }

        _position++;
        return _position == _entries.Count ? _draft : _entries[_position];
    }
}
