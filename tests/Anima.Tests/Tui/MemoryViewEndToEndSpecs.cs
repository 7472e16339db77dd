using System.Text.RegularExpressions;
using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Tui;

/// <summary>
/// The memory view (Ctrl+a m) in the real TUI under tmux, on a real brain and the fake LLM: what the last turn recalled
/// and why, also after the TUI is closed and opened again; and the session's cost and cache share in the sidebar.
/// </summary>
[Collection("processes")]
public sealed partial class MemoryViewEndToEndSpecs
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_view_lists_what_the_last_turn_recalled_and_why_and_the_sidebar_its_cost()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { MinimumCacheableTokens = 100 });
        ScriptedModel.Drive(fake);
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });

        // A fact told in another session, which Mneme remembers in the background.
        var told = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(brain.Home.Root, Within: Limit), "ask", "--new", "my cat is called Zorblax", "--host", brain.HostArgument);
        Assert.Equal(0, told.ExitCode);
        var elsewhere = Regex.Match(told.Stderr, @"new session (\S+)").Groups[1].Value;
        await Eventually.HoldsAsync(async () =>
            Assert.Contains("user: my cat is called Zorblax", (await AnimaProcess.RunAsync(brain.Home.Root, null, "memory", "search", "zorblax")).Stdout), Limit);

        using var tui = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);
        await tui.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) == elsewhere && s.Contains("Echo: my cat"), "connected on the newest session");
        tui.Keys("C-a", "m");
        await tui.WaitForAsync(s => s.Contains("Memory: recalled for the last turn") && s.Contains("Nothing came back"), "the view: nothing recalled for the first message");
        tui.Keys("Escape");
        await tui.WaitForAsync(s => !s.Contains("Memory: recalled"), "the view closed");

        tui.Keys("C-a", "n");
        var screen = await tui.WaitForAsync(s => SessionId(s) is { } id && id != elsewhere, "a new session");
        var session = SessionId(screen)!;
        tui.Type("What's my pet's name?");
        tui.Keys("Enter");
        await tui.WaitForAsync("Echo: What's my pet's name?", Limit);

        // The sidebar: what the session cost, the mind's calls included, and the share of its input the cache served.
        await tui.WaitForAsync(s => Regex.IsMatch(s, @"cost\s+\$0\.\d{4}") && Regex.IsMatch(s, @"cache\s+\d+ % of input"), "the session's cost in the sidebar");

        tui.Keys("C-a", "m");
        screen = await tui.WaitForAsync(s => s.Contains("Recalled for message #") && s.Contains("Zorblax"), "the recall and why");
        AssertRecall(screen, elsewhere);

        // Closed and opened again on the same session: the last turn's recall is still there.
        tui.Keys("Escape");
        await tui.WaitForAsync(s => !s.Contains("Memory: recalled"), "the view closed"); // Esc and the next key at once would read as Alt+key
        tui.Keys("C-a", "q");
        await tui.WaitForAsync("TUI-EXITED 0");
        using var again = TmuxTerminal.StartAnima(brain.Home.Root, new Dictionary<string, string>(), "tui", "--host", brain.HostArgument, "--session", session);
        await again.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) == session && s.Contains("Echo: What's my pet's name?"), "the TUI again on that session");
        again.Keys("C-a", "m");
        screen = await again.WaitForAsync(s => s.Contains("Recalled for message #") && s.Contains("Zorblax"), "the recall, after re-attaching");
        AssertRecall(screen, elsewhere);
        again.Keys("C-a", "q");
        await again.WaitForAsync("TUI-EXITED 0");
    }

    private static void AssertRecall(string screen, string elsewhere)
    {
        Assert.Contains("\"What's my pet's name?\"", screen);
        Assert.Contains("user: my cat is called Zorblax", screen);
        Assert.Contains($"session {elsewhere[..8]}", screen);
        Assert.Matches(@"why: (words #\d|meaning #\d \(0\.\d\d\))", screen);
        Assert.Matches(@"salience \d\.\d\d; score 0\.\d{4}", screen);
        Assert.Matches(@"felt: .*dopamine \d+", screen);
    }

    private static string? SessionId(string screen) => SessionLine().Match(screen) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"│id\s+([0-9a-z]{6,})\s")]
    private static partial Regex SessionLine();
}
