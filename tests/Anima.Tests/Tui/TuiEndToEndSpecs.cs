using System.Diagnostics;
using System.Text.RegularExpressions;
using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Tui;

/// <summary>The real TUI in tmux against a real brain process and the fake LLM.</summary>
[Collection("processes")]
public sealed partial class TuiEndToEndSpecs
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chat_switch_sessions_survive_a_brain_restart_and_share_the_live_stream()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = await FakeAnthropicServer.StartAsync();
        llm.DefaultResponder = request => FakeResponse.Text($"Echo: {request.LastUserText} — streamed slowly to show deltas") with
        {
            DeltaDelay = TimeSpan.FromMilliseconds(120),
            ChunkSize = 4,
        };
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = llm.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });

        using var first = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);
        var screen = await first.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) is not null, "connected with a session");
        var firstSession = SessionId(screen)!;

        // A second TUI opens the most recent session: the same one.
        using var second = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);
        await second.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) == firstSession, "second TUI on the same session");

        first.Type("hello anima");
        first.Keys("Enter");
        await first.WaitForAsync("▍", TimeSpan.FromSeconds(20)); // the reply streaming in
        await second.WaitForAsync("▍", TimeSpan.FromSeconds(20)); // live in the other TUI too
        screen = await first.WaitForAsync("show deltas", TimeSpan.FromSeconds(20));
        Assert.Equal(1, TmuxTerminal.Count(screen, "Echo: hello anima"));
        screen = await second.WaitForAsync("show deltas", TimeSpan.FromSeconds(20));
        Assert.Equal(1, TmuxTerminal.Count(screen, "Echo: hello anima"));

        // Ctrl+a n: a new, empty session.
        first.Keys("C-a", "n");
        screen = await first.WaitForAsync(s => SessionId(s) is { } id && id != firstSession, "a new session");
        Assert.DoesNotContain("Echo: hello anima", screen);

        // Ctrl+a s: the picker lists both; the older one is second; Enter switches back with history.
        first.Keys("C-a", "s");
        await first.WaitForAsync(s => s.Contains("Sessions (Enter") && s.Contains(firstSession), "the session picker");
        first.Keys("Down");
        first.Keys("Enter");
        screen = await first.WaitForAsync(s => SessionId(s) == firstSession && s.Contains("show deltas"), "back on the first session with its history");

        // Kill the brain: the TUI reconnects once it is back, and the transcript is the journal's.
        brain.Process.Kill();
        await first.WaitForAsync("RECONNECTING", TimeSpan.FromSeconds(30));
        await brain.RestartAsync();
        // The chat is redrawn as the link comes back: wait for the redraw, then count (a duplicate would show twice).
        screen = await first.WaitForAsync(s => s.Contains(" CONNECTED") && s.Contains("Echo: hello anima"), "connected again, transcript shown", Reconnect);
        Assert.Equal(1, TmuxTerminal.Count(screen, "Echo: hello anima"));

        first.Type("after restart");
        first.Keys("Enter");
        screen = await first.WaitForAsync("Echo: after restart", TimeSpan.FromSeconds(30));
        Assert.Equal(1, TmuxTerminal.Count(screen, "Echo: hello anima"));
        Assert.Equal(1, TmuxTerminal.Count(screen, "Echo: after restart"));
        await second.WaitForAsync("Echo: after restart", Reconnect);

        first.Keys("C-a", "q");
        await first.WaitForAsync("TUI-EXITED 0");
    }

    [Fact]
    public async Task Plain_anima_starts_a_brain_in_the_background_that_answers_and_outlives_the_tui()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = await FakeAnthropicServer.StartAsync();
        llm.DefaultResponder = request => FakeResponse.Text($"Echo: {request.LastUserText}");
        using var home = new TempHome();
        var port = FreePort.Next();
        Process? brain = null;
        try
        {
            // The README's first command, with no brain running: the brain it starts inherits the terminal's credentials.
            using var tui = TmuxTerminal.StartAnima(
                home.Root,
                new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = llm.BaseUrl, ["ANTHROPIC_API_KEY"] = "test-key" },
                "--host",
                $"127.0.0.1:{port}");
            await tui.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) is not null, "connected to the brain it started", TimeSpan.FromSeconds(60));
            tui.Type("hello from a fresh machine");
            tui.Keys("Enter");
            await tui.WaitForAsync("Echo: hello from a fresh machine", TimeSpan.FromSeconds(30));

            brain = BrainListeningOn(port);
            var environment = File.ReadAllText($"/proc/{brain.Id}/environ").Split('\0');
            Assert.Contains($"ANIMA_HOME={home.Root}", environment);
            Assert.Contains("DOTNET_TC_CallCountingDelayMs=0", environment); // the brain's own runtime settings (BrainRuntime)

            tui.Keys("C-a", "q");
            await tui.WaitForAsync("TUI-EXITED 0");
            Assert.False(brain.HasExited, "the brain stopped with the TUI");
            using var link = new System.Net.Sockets.TcpClient();
            await link.ConnectAsync("127.0.0.1", port);
        }
        finally
        {
            brain?.Kill();
            brain?.Dispose();
        }
    }

    /// <summary>The <c>anima start</c> process for <paramref name="port"/>, found by its command line.</summary>
    private static Process BrainListeningOn(int port)
    {
        var portArgument = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var process in Process.GetProcesses())
        {
            string[] commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline").Split('\0');
            }
            catch (IOException)
            {
                continue; // gone while we looked
            }

            if (commandLine.Contains("start") && commandLine.Contains(portArgument))
            {
                return process;
            }

            process.Dispose();
        }

        throw new InvalidOperationException($"No 'anima start' process for port {port}.");
    }

    private static string? SessionId(string screen) => SessionLine().Match(screen) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"│id\s+([0-9a-z]{6,})\s")]
    private static partial Regex SessionLine();
}
