using Anima.Client.Configuration;
using System.Diagnostics;
using System.Drawing;
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
    public async Task A_message_typed_at_once_or_to_a_brain_that_died_unnoticed_is_answered_exactly_once()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = await FakeAnthropicServer.StartAsync();
        llm.DefaultResponder = request => FakeResponse.Text($"Echo: {request.LastUserText}");
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = llm.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });
        using var tui = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);

        // Typed the moment the link is up, before a session is open: it waits for the session, then goes.
        await tui.WaitForAsync("CONNECTED");
        tui.Type("typed at once");
        tui.Keys("Enter");
        var screen = await tui.WaitForAsync("Echo: typed at once", TimeSpan.FromSeconds(30));
        var session = SessionId(screen)!;

        // Dialogs close on Esc wherever their focus went, and the TUI stays.
        foreach (var dialog in new[] { "?", "a" })
        {
            tui.Keys("C-a", dialog);
            await tui.WaitForAsync(s => s.Contains("Esc closes"), "the dialog open");
            tui.Keys("Tab");
            tui.Keys("Escape");
            await tui.WaitForAsync(s => !s.Contains("Esc closes") && s.Contains("Echo: typed at once"), "the dialog closed, the chat there");
        }

        // The brain stops answering while the status bar still says CONNECTED; a message typed then must not be lost.
        Signal(brain.Process.Pid, "STOP");
        tui.Type("sent to a dying brain");
        tui.Keys("Enter");
        await tui.WaitForAsync("RECONNECTING", TimeSpan.FromSeconds(30));
        brain.Process.Kill();
        await brain.RestartAsync();

        screen = await tui.WaitForAsync("Echo: sent to a dying brain", Reconnect);
        Assert.Equal(1, TmuxTerminal.Count(screen, "Echo: sent to a dying brain"));
        var export = await AnimaProcess.RunAsync(brain.Home.Root, brain.Environment, "export", session, "--host", brain.HostArgument, "--format", "jsonl");
        Assert.Equal(1, TmuxTerminal.Count(export.Stdout, "\"sent to a dying brain\""));
        Assert.Equal(1, TmuxTerminal.Count(export.Stdout, "\"typed at once\""));

        tui.Keys("C-a", "q");
        await tui.WaitForAsync("TUI-EXITED 0");
    }

    [Fact]
    public async Task A_several_line_message_reads_clearly_on_a_dark_and_on_a_light_terminal()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = await FakeAnthropicServer.StartAsync();
        llm.DefaultResponder = request => FakeResponse.Text($"Echo: {request.LastUserText}");
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = llm.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });

        // White on black (the reported 2.1:1), black on white, and two themes whose own text reads below 4.5:1.
        var themes = new[] { ("dark", "#ffffff", "#000000"), ("light", "#000000", "#ffffff"), ("solarized dark", "#839496", "#002b36"), ("solarized light", "#657b83", "#fdf6e3") };
        var first = true;
        foreach (var (name, foreground, background) in themes)
        {
            using var tui = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument, foreground, background);
            await tui.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) is not null, $"connected on a {name} terminal");
            if (first)
            {
                // Two lines (Ctrl+J breaks the line): shown as a block of their own, in code colours.
                tui.Type("the first line of mine");
                tui.Keys("C-j");
                tui.Type("the second line of mine");
                tui.Keys("Enter");
                first = false;
            }

            var screen = await tui.WaitForAsync("Echo: the first line of mine", TimeSpan.FromSeconds(30));
            Assert.Contains("\nthe second line of mine ", screen); // a line of its own
            var (text, behind) = ScreenColours.At(tui.ScreenWithColours(), "the second line of mine", ColorTranslator.FromHtml(foreground), ColorTranslator.FromHtml(background));

            // At least what WCAG asks of body text, or, where the theme's own text reads less well, no worse than it.
            var contrast = ScreenColours.Contrast(text, behind);
            var least = Math.Min(4.5, ScreenColours.Contrast(ColorTranslator.FromHtml(foreground), ColorTranslator.FromHtml(background)));
            Assert.True(contrast >= least, $"on a {name} terminal the message is {text} on {behind}: contrast {contrast:0.0}:1, less than {least:0.0}:1");
            tui.Keys("C-a", "q");
            await tui.WaitForAsync("TUI-EXITED 0");
        }
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
            // The TUI loads an empty trust store (MachineTrustStore); the brain, which calls the model over HTTPS, gets the user's.
            Assert.Equal(
                new[] { "SSL_CERT_DIR", "SSL_CERT_FILE" }.Select(name => Environment.GetEnvironmentVariable(name) is { } value ? $"{name}={value}" : null).OfType<string>(),
                environment.Where(e => e.StartsWith("SSL_CERT_", StringComparison.Ordinal)).Order());

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

    [Fact]
    public async Task A_new_user_pastes_a_key_and_the_next_words_typed_are_a_message_not_a_key()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        llm.DefaultResponder = request => FakeResponse.Text($"Echo: {request.LastUserText}");
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = llm.BaseUrl });
        using var tui = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);
        await tui.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) is not null, "connected with a session");

        // A sentence is not a key: refused, nothing stored.
        tui.Keys("C-a", "a");
        await tui.WaitForAsync("Paste an Anthropic API key");
        tui.Type("my cat is called Zorblax");
        tui.Keys("Enter");
        await tui.WaitForAsync("Nothing was stored");
        Assert.False(File.Exists(brain.Home.Home.CredentialsFile));

        // A key is stored and the dialog closes, so what is typed next is a message the brain answers with that key.
        tui.Type("sk-ant-api03-pasted-2222");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => s.Contains("Key stored") && !s.Contains("Esc closes"), "the key stored and the dialog closed");
        tui.Type("my cat is called Zorblax");
        tui.Keys("Enter");
        await tui.WaitForAsync("Echo: my cat is called Zorblax", TimeSpan.FromSeconds(30));
        Assert.Equal("sk-ant-api03-pasted-2222", Credentials.FromFile(brain.Home.Home)!.ApiKey);
        Assert.All(llm.Requests, request => Assert.Equal("sk-ant-api03-pasted-2222", request.Header("x-api-key")));

        tui.Keys("C-a", "q");
        await tui.WaitForAsync("TUI-EXITED 0");
    }

    private static void Signal(int pid, string signal) => Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

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

    [Fact]
    public async Task The_sidebar_shows_every_hormone_with_its_trend_and_what_the_agent_wants()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = await FakeAnthropicServer.StartAsync();
        llm.DefaultResponder = request => FakeResponse.Text($"Echo: {request.LastUserText}");
        // The appraisal's small model is down: the lexicon reads the praise and the thanks.
        llm.AnswerModel(Actors.Mind.MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Error(401, "authentication_error", "no"));
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = llm.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });
        using var tui = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);
        await tui.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) is not null, "connected with a session");

        tui.Type("great job, thank you!");
        tui.Keys("Enter");

        var screen = await tui.WaitForAsync(s => s.Contains("· I'd like to hear how it went"), "the agent's wants in the sidebar", TimeSpan.FromSeconds(30));
        foreach (var hormone in new[] { "cortisol", "dopamine", "endorphins", "frustration", "oxytocin", "serotonin", "testosterone" })
        {
            Assert.Matches($@"│{hormone}\s+[█░]{{10}}\s+\d+ [↑↓·]", screen);
        }

        Assert.Matches(@"│dopamine\s+█{7}░{3}\s+70 ↑", screen);
        Assert.Matches(@"│cortisol\s+█░{9}\s+10 ↓", screen);
        Assert.Contains("│wants", screen);
        Assert.Contains("· I want to explore where this", screen);

        tui.Keys("C-a", "q");
        await tui.WaitForAsync("TUI-EXITED 0");
    }

    private static string? SessionId(string screen) => SessionLine().Match(screen) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"│id\s+([0-9a-z]{6,})\s")]
    private static partial Regex SessionLine();
}
