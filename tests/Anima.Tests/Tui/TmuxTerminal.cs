using System.Diagnostics;
using Anima.Tests.Support;

namespace Anima.Tests.Tui;

/// <summary>A real terminal for the TUI: a tmux server of its own (120×40), read with capture-pane.</summary>
public sealed class TmuxTerminal : IDisposable
{
    private readonly string _socket = "anima-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _errors = Path.Combine(Path.GetTempPath(), $"anima-tui-{Guid.NewGuid():N}.err");

    private TmuxTerminal()
    {
    }

    public static bool Available => File.Exists("/usr/bin/tmux") || File.Exists("/usr/local/bin/tmux");

    /// <summary>Runs <c>anima tui --host</c> against a brain with this ANIMA_HOME.</summary>
    public static TmuxTerminal StartTui(string home, string host) => StartAnima(home, new Dictionary<string, string>(), "tui", "--host", host);

    /// <summary>Runs <c>anima</c> with <paramref name="arguments"/>, this ANIMA_HOME and <paramref name="environment"/>.</summary>
    public static TmuxTerminal StartAnima(string home, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var terminal = new TmuxTerminal();
        var variables = string.Concat(environment.Select(v => $" {v.Key}='{v.Value}'"));
        var command = $"env -u DisableRealDriverIO ANIMA_HOME='{home}'{variables} dotnet '{AnimaProcess.EntryAssembly}' {string.Join(' ', arguments)} 2>'{terminal._errors}'; "
            + "echo TUI-EXITED $?; sleep 600";
        terminal.Tmux("new-session", "-d", "-s", "tui", "-x", "120", "-y", "40", command);
        return terminal;
    }

    public string Screen() => Tmux("capture-pane", "-p", "-t", "tui");

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
