using Anima.FakeAnthropic;
using Anima.Tests.Support;
using Anima.Tests.Tui;

namespace Anima.Tests.Cli;

/// <summary><c>anima ask</c> and <c>export</c> on a real terminal (tmux), against a real brain and the fake model.</summary>
[Collection("processes")]
public sealed class AskTerminalSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;

    public async Task InitializeAsync()
    {
        Assert.True(TmuxTerminal.Available, "tmux is needed for the terminal specs (.ci/run installs it)");
        _fake = await FakeAnthropicServer.StartAsync();
        ScriptedModel.Drive(_fake);
        _brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
        });
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task An_answer_cut_off_and_retried_differently_is_replaced_on_screen_by_the_retry()
    {
        _fake.Enqueue(FakeResponse.MidStreamError("Hello wor"), FakeResponse.Text("Goodbye, world."));

        using var terminal = TmuxTerminal.StartShell(_brain.Home.Root, $"anima ask --new 'say something' --host {_brain.HostArgument}");

        var screen = await terminal.WaitForAsync("EXITED", Limit);
        Assert.Contains("EXITED 0", screen);
        Assert.Contains("retrying in", screen);
        Assert.Equal(1, TmuxTerminal.Count(screen, "Goodbye, world."));
        Assert.DoesNotContain("Hello wor", screen);
    }

    [Fact]
    public async Task An_answer_the_brain_restarted_in_the_middle_of_shows_whole_and_once()
    {
        const string answer = "Echo: slow: 8 the quick brown fox jumps over the lazy dog";
        using var terminal = TmuxTerminal.StartShell(_brain.Home.Root, $"anima ask --new '{answer["Echo: ".Length..]}' --host {_brain.HostArgument}");
        await terminal.WaitForAsync("Echo: slow", Limit); // part of the answer is on screen

        _brain.Process.Kill();
        await terminal.WaitForAsync("lost the brain", Limit);
        await _brain.RestartAsync();

        var screen = await terminal.WaitForAsync("EXITED", Limit);
        Assert.Contains("EXITED 0", screen);
        var shown = screen.Split('\n').Where(line => line.Contains("Echo:", StringComparison.Ordinal)).ToList();
        Assert.Equal(answer, Assert.Single(shown).TrimEnd());
    }

    [Fact]
    public async Task Control_sequences_in_tool_output_show_as_text_in_ask_and_export_and_never_drive_the_terminal()
    {
        var script = Path.Combine(_brain.Home.Root, "hostile.sh");
        await File.WriteAllTextAsync(script, "printf 'before\\033]0;pwned\\007\\033[2J\\033[31mred\\033[0m after\\n'\n");
        var host = _brain.HostArgument;

        const string shown = "before␛]0;pwned␇␛[2J␛[31mred␛[0m after";

        using (var asking = TmuxTerminal.StartShell(_brain.Home.Root, $"echo FIRST-LINE; anima ask --new 'run: sh {script}' --host {host}"))
        {
            var screen = await asking.WaitForAsync("EXITED", Limit);
            Assert.Contains("EXITED 0", screen);
            Assert.Contains("FIRST-LINE", screen); // nothing cleared the screen
            Assert.Equal(1, TmuxTerminal.Count(screen, shown)); // the tool's line on stderr
            Assert.NotEqual("pwned", asking.Title());
        }

        using var exporting = TmuxTerminal.StartShell(
            _brain.Home.Root,
            $"echo FIRST-LINE; anima export $(anima sessions --limit 1 --host {host} | tail -n 1 | cut -c1-12) --host {host}");
        var exported = await exporting.WaitForAsync("EXITED", Limit);
        Assert.Contains("EXITED 0", exported);
        Assert.Contains("FIRST-LINE", exported);
        Assert.Equal(1, TmuxTerminal.Count(exported, shown));
        Assert.NotEqual("pwned", exporting.Title());
    }
}
