using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Tui;

/// <summary>The real TUI in tmux asks before a command runs: y runs it, n declines it; Ctrl+a p switches the mode.</summary>
[Collection("processes")]
public sealed class TuiApprovalSpecs
{
    [Fact]
    public async Task The_tui_shows_the_command_waiting_for_approval_and_runs_it_on_y_declines_on_n_and_switches_the_mode()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the TUI specs (.ci/run installs it)");
        using var work = new TempHome();
        Directory.CreateDirectory(work.Root);
        var approved = Path.Combine(work.Root, "approved.txt");
        var declined = Path.Combine(work.Root, "declined.txt");
        await using var llm = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        llm.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "bash", System.Text.Json.JsonSerializer.Serialize(new { command = $"touch {approved}" }))),
            FakeResponse.Text("Made it."),
            FakeResponse.ToolUse(("toolu_2", "bash", System.Text.Json.JsonSerializer.Serialize(new { command = $"touch {declined}" }))),
            FakeResponse.Text("Left it."));
        var home = new TempHome();
        home.Home.EnsureCreated();
        await File.WriteAllTextAsync(home.Home.ConfigFile, "anima.tools.permissions.mode = ask\n");
        await using var brain = await RunningBrain.StartAsync(home, new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = llm.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });
        using var tui = TmuxTerminal.StartTui(brain.Home.Root, brain.HostArgument);
        await tui.WaitForAsync(s => s.Contains("CONNECTED") && s.Contains("tools     ask"), "connected, in ask mode");

        tui.Type("make a file");
        tui.Keys("Enter");
        // The whole dialog, not its first painted lines: a capture taken mid-paint had the title but not the choices.
        var screen = await tui.WaitForAsync(
            s => s.Contains("Approve bash?") && s.Contains($"touch {approved}") && s.Contains("a always allow bash(touch") && s.Contains("waiting for your approval"),
            "the approval dialog with the command and its choices, the call's line waiting");
        Assert.Contains("a always allow bash(touch", screen);
        Assert.Contains("waiting for your approval", screen);
        Assert.False(File.Exists(approved));
        tui.Keys("y");
        await tui.WaitForAsync("Made it.", TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(approved));

        tui.Type("another");
        tui.Keys("Enter");
        await tui.WaitForAsync(s => s.Contains("Approve bash?") && s.Contains($"touch {declined}"), "the second prompt");
        tui.Keys("n");
        await tui.WaitForAsync("Left it.", TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(declined));

        tui.Keys("C-a", "p");
        await tui.WaitForAsync(s => s.Contains("tools     auto-edit"), "the sidebar in auto-edit mode");
        tui.Keys("C-a", "q");
        await tui.WaitForAsync("TUI-EXITED 0");
    }
}
