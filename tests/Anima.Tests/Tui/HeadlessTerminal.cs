using System.Text;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Views;

namespace Anima.Tests.Tui;

/// <summary>
/// Terminal.Gui's own ANSI driver with no terminal behind it: a view laid out on a screen of a given size, keys
/// injected through the same input processor a terminal's keys go through, and the screen read back as text.
/// </summary>
public sealed class HeadlessTerminal : IDisposable
{
    private static readonly Lock Init = new();
    private readonly SessionToken? _session;

    public HeadlessTerminal(Runnable top, int width = 120, int height = 40)
    {
        // Terminal.Gui reads this as it creates its driver; it must not reach processes started meanwhile.
        lock (Init)
        {
            var previous = Environment.GetEnvironmentVariable("DisableRealDriverIO");
            Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
            try
            {
                App = Application.Create().Init("ansi");
            }
            finally
            {
                Environment.SetEnvironmentVariable("DisableRealDriverIO", previous);
            }
        }

        App.Driver!.SetScreenSize(width, height);
        Top = top;
        _session = App.Begin(top);
        App.LayoutAndDraw();
    }

    public IApplication App { get; }

    public Runnable Top { get; }

    public void Press(params Key[] keys)
    {
        foreach (var key in keys)
        {
            App.InjectKey(key);
            App.LayoutAndDraw();
        }
    }

    public void Type(string text)
    {
        foreach (var c in text)
        {
            Press(new Key(c));
        }
    }

    public void Resize(int width, int height)
    {
        App.Driver!.SetScreenSize(width, height);
        App.LayoutAndDraw();
    }

    /// <summary>What the screen shows, one line per row, trailing blanks trimmed.</summary>
    public string Screen()
    {
        App.LayoutAndDraw();
        var contents = App.Driver!.Contents!;
        var text = new StringBuilder();
        for (var row = 0; row < contents.GetLength(0); row++)
        {
            var line = new StringBuilder();
            for (var col = 0; col < contents.GetLength(1); col++)
            {
                line.Append(contents[row, col].Grapheme);
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    public void Dispose()
    {
        if (_session is not null)
        {
            App.End(_session);
        }

        // Not Top.Dispose(): Terminal.Gui 2.5 throws disposing a window whose dialogs were shown and hidden.
        App.Dispose();
    }
}
