using System.Text.RegularExpressions;
using Anima.Tests.Support;

namespace Anima.Tests.Tui;

/// <summary>The real TUI in tmux, opened again in the middle of a turn, against a real brain and the fake model.</summary>
[Collection("processes")]
public sealed partial class TuiReattachSpecs
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_tui_opened_mid_turn_shows_the_answer_so_far_from_its_start_and_its_sessions_work_where_it_ran()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        await using var llm = await Anima.FakeAnthropic.FakeAnthropicServer.StartAsync();
        ScriptedModel.Drive(llm);
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = llm.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });
        using var project = new TempHome();
        Directory.CreateDirectory(project.Root);
        const string answer = "Echo: slow: 25 a long answer that outlives the reopening of the TUI";

        string sessionId;
        using (var first = TmuxTerminal.StartShell(brain.Home.Root, $"anima tui --host {brain.HostArgument}", project.Root))
        {
            var screen = await first.WaitForAsync(s => s.Contains("CONNECTED") && SessionId(s) is not null, "connected with a new session", Limit);
            sessionId = SessionId(screen)!;
            first.Type(answer["Echo: ".Length..]);
            first.Keys("Enter");
            await first.WaitForAsync("Echo: slow", Limit);
            first.Keys("C-a", "q");
            await first.WaitForAsync("EXITED 0", Limit);
        }

        // Opened again by the start of its id while the answer streams: the answer shows from its start.
        using var second = TmuxTerminal.StartShell(brain.Home.Root, $"anima tui --session {sessionId[..4]} --host {brain.HostArgument}");
        await second.WaitForAsync(s => s.Contains("▍") && s.Contains("Echo: slow: 25 a long"), "the answer so far, from its start, still streaming", Limit);
        var done = await second.WaitForAsync(s => s.Contains(answer) && !s.Contains("▍"), "the whole answer", Limit);
        Assert.Equal(1, TmuxTerminal.Count(done, answer));

        var sessions = await AnimaProcess.RunAsync(brain.Home.Root, null, "sessions", "--host", brain.HostArgument);
        Assert.Contains(sessions.Stdout.Split('\n'), line => line.StartsWith(sessionId, StringComparison.Ordinal) && line.EndsWith(project.Root, StringComparison.Ordinal));
    }

    private static string? SessionId(string screen) => SessionLine().Match(screen) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"│id\s+([0-9a-z]{6,})\s")]
    private static partial Regex SessionLine();
}
