using System.Diagnostics;
using Anima.Tests.Support;

namespace Anima.Tests.Tui;

/// <summary>A real terminal for the TUI: a tmux server of its own (120×40), read with capture-pane.</summary>
public sealed class TmuxTerminal : IDisposable
{
    private readonly string _socket = "anima-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _errors = Path.Combine(Path.GetTempPath(), $"anima-tui-{Guid.NewGuid():N}.err");
    private string? _config;

    private TmuxTerminal()
    {
    }

    public static bool Available => File.Exists("/usr/bin/tmux") || File.Exists("/usr/local/bin/tmux");

    /// <summary>Runs <c>anima tui --host</c> against a brain with this ANIMA_HOME.</summary>
    public static TmuxTerminal StartTui(string home, string host) => StartAnima(home, new Dictionary<string, string>(), "tui", "--host", host);

    /// <summary>
    /// Runs <c>anima tui --host</c> in a terminal whose default colours are <paramref name="foreground"/> on
    /// <paramref name="background"/> (#rrggbb): what a dark or a light theme reports when asked (OSC 10/11).
    /// </summary>
    public static TmuxTerminal StartTui(string home, string host, string foreground, string background)
    {
        var terminal = new TmuxTerminal();
        terminal._config = Path.Combine(Path.GetTempPath(), $"anima-tmux-{Guid.NewGuid():N}.conf");
        var style = $"'fg={foreground},bg={background}'";
        File.WriteAllText(terminal._config, $"set -g window-style {style}\nset -g window-active-style {style}\n");
        return terminal.Run(home, new Dictionary<string, string>(), "tui", "--host", host);
    }

    /// <summary>Runs <c>anima</c> with <paramref name="arguments"/>, this ANIMA_HOME and <paramref name="environment"/>.</summary>
    public static TmuxTerminal StartAnima(string home, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new TmuxTerminal().Run(home, environment, arguments);

    private TmuxTerminal Run(string home, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var variables = string.Concat(environment.Select(v => $" {v.Key}='{v.Value}'"));
        var command = $"env -u DisableRealDriverIO ANIMA_HOME='{home}'{variables} dotnet '{AnimaProcess.EntryAssembly}' {string.Join(' ', arguments)} 2>'{_errors}'; "
            + "echo TUI-EXITED $?; sleep 600";
        Tmux("new-session", "-d", "-s", "tui", "-x", "120", "-y", "40", command);
        return this;
    }

    /// <summary>
    /// Runs <paramref name="commandLine"/> (sh) with stdout and stderr on the screen, in <paramref name="workingDirectory"/>;
    /// <c>anima</c> in it is the CLI with this ANIMA_HOME. The terminal shows <c>EXITED n</c> when it is done.
    /// </summary>
    public static TmuxTerminal StartShell(string home, string commandLine, string? workingDirectory = null)
    {
        var terminal = new TmuxTerminal();
        var command = $"export ANIMA_HOME='{home}'; anima() {{ dotnet '{AnimaProcess.EntryAssembly}' \"$@\"; }}; {commandLine}; echo EXITED $?; sleep 600";
        terminal.Tmux("new-session", "-d", "-s", "tui", "-x", "120", "-y", "40", "-c", workingDirectory ?? Path.GetTempPath(), command);
        return terminal;
    }

    public string Screen() => Tmux("capture-pane", "-p", "-t", "tui");

    /// <summary>The screen with its colours and styles, as SGR escape sequences.</summary>
    public string ScreenWithColours() => Tmux("capture-pane", "-e", "-p", "-t", "tui");

    /// <summary>The terminal's title, as programs set it (<c>ESC ]0;…</c>).</summary>
    public string Title() => Tmux("display-message", "-p", "-t", "tui", "#{pane_title}").TrimEnd('\n');

    /// <summary>Keys as tmux names them ("C-a", "Enter", "Down") or literal text.</summary>
    public void Keys(params string[] keys) => Tmux(["send-keys", "-t", "tui", .. keys]);

    public void Type(string text) => Tmux("send-keys", "-t", "tui", "-l", text);

    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var screen = Screen();
            if (condition(screen))
            {
                return screen;
            }

            if (clock.Elapsed > limit)
            {
                var errors = File.Exists(_errors) ? File.ReadAllText(_errors) : string.Empty;
                Assert.Fail($"not within {limit.TotalSeconds} s: {what}\n--- screen ---\n{screen}\n--- stderr ---\n{errors}");
            }

            await Task.Delay(50);
        }
    }

    public Task<string> WaitForAsync(string text, TimeSpan? within = null) =>
        WaitForAsync(screen => screen.Contains(text, StringComparison.Ordinal), $"'{text}' on screen", within);

    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        File.Delete(_errors);
        if (_config is not null)
        {
            File.Delete(_config);
        }
    }

    public static int Count(string screen, string text)
    {
        var count = 0;
        for (var i = screen.IndexOf(text, StringComparison.Ordinal); i >= 0; i = screen.IndexOf(text, i + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private string Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        if (_config is not null)
        {
            info.ArgumentList.Add("-f"); // read when the server starts
            info.ArgumentList.Add(_config);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {error}");
    }
}
