using System.Text.Json;
using Anima.Client.Configuration;

namespace Anima.Tui.ViewModel;

/// <summary>
/// Sent messages, browsed with Up/Down like a shell's history. With a file it outlives the TUI: one JSON string
/// per line (a message may hold line breaks), private to the user (0600), the newest <see cref="Keep"/> kept.
/// </summary>
public sealed class InputHistory
{
    public const int Keep = 500;

    private readonly List<string> _entries = [];
    private readonly string? _file;
    private int _linesInFile;
    private int _position;
    private string _draft = string.Empty;

    public InputHistory()
    {
    }

    private InputHistory(string file, IEnumerable<string> entries)
    {
        _file = file;
        var all = entries.ToList();
        _linesInFile = all.Count;
        _entries.AddRange(all.TakeLast(Keep));
        _position = _entries.Count;
    }

    /// <summary>Where the TUI keeps it: per user, beside the rest of Anima's state.</summary>
    public static string FileIn(string animaHome) => Path.Combine(animaHome, "tui", "input-history");

    /// <summary>The history kept in <paramref name="file"/>; an unreadable file gives an empty history, never an error.</summary>
    public static InputHistory Open(string file)
    {
        var entries = new List<string>();
        try
        {
            if (File.Exists(file))
            {
                foreach (var line in File.ReadLines(file))
                {
                    if (TryRead(line) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A history is a convenience: without it the TUI works the same.
        }

        return new InputHistory(file, entries);
    }

    public IReadOnlyList<string> Entries => _entries;

    public void Add(string text)
    {
        if (text.Length > 0 && (_entries.Count == 0 || _entries[^1] != text))
        {
            _entries.Add(text);
            if (_entries.Count > Keep)
            {
                _entries.RemoveAt(0);
            }

            Save(text);
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

    private static string? TryRead(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(line);
        }
        catch (JsonException)
        {
            return null; // a line cut short by a crash mid-write
        }
    }

    /// <summary>Appends one entry; once the file holds twice what is kept, it is rewritten with the newest.</summary>
    private void Save(string entry)
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            var folder = Path.GetDirectoryName(_file)!;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            if (++_linesInFile > 2 * Keep)
            {
                Anima.Client.Configuration.AnimaHome.WritePrivateFile(_file, string.Concat(_entries.Select(e => JsonSerializer.Serialize(e) + "\n")));
                _linesInFile = _entries.Count;
                return;
            }

            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(_file, options);
            using var writer = new StreamWriter(stream);
            writer.Write(JsonSerializer.Serialize(entry) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Kept for this run only.
        }
    }
}
