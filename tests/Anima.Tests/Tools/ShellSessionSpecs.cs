using System.Diagnostics;
using Anima.Actors.Tools;

using Anima.Tests.Support;

namespace Anima.Tests.Tools;

public sealed class ShellSessionSpecs : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("anima-shell-spec-").FullName;
    private readonly string _marker = $"anima-spec-{Guid.NewGuid():N}";
    private ShellSession _shell = null!;

    public Task InitializeAsync()
    {
        _shell = new ShellSession(_home, new Dictionary<string, string> { ["ANIMA_SPEC"] = "given" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _shell.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    private Task<ShellResult> Run(string command, double? timeoutSeconds = null, CancellationToken ct = default) =>
        _shell.RunAsync(command, timeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct);

    /// <summary>A sleep whose command line carries this spec's marker, so pgrep can find exactly it.</summary>
    private string MarkedSleep(int seconds) => $"(exec -a {_marker} sleep {seconds})";

    [Fact]
    public async Task Starts_in_the_given_directory_with_the_given_environment()
    {
        var result = await Run("pwd; echo $ANIMA_SPEC");

        Assert.Equal($"{_home}\n{"given"}\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.IsError);
    }

    [Fact]
    public async Task Working_directory_and_exported_variables_persist_between_calls()
    {
        Directory.CreateDirectory(Path.Combine(_home, "sub"));
        await Run("cd sub && export GREETING=hello && PLAIN=kept");

        var result = await Run("pwd; echo $GREETING $PLAIN; bash -c 'echo child sees $GREETING'");

        Assert.Equal($"{_home}/sub\nhello kept\nchild sees hello\n", result.Stdout);
        Assert.Equal(Path.Combine(_home, "sub"), _shell.WorkingDirectory);
    }

    [Fact]
    public async Task Functions_aliases_and_declarations_persist_between_calls()
    {
        await Run("greet() { echo \"hi $1\"; }\nalias shout='echo LOUD'\ndeclare -A colours=([sky]=blue)");

        var result = await Run("greet there; shout; echo ${colours[sky]}");

        Assert.Equal("hi there\nLOUD\nblue\n", result.Stdout);
    }

    [Fact]
    public async Task Stdout_and_stderr_are_captured_separately()
    {
        var result = await Run("echo out; echo err >&2; echo more");

        Assert.Equal("out\nmore\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal("out\nmore\n[stderr]\nerr", result.ToToolContent());
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code()
    {
        var result = await Run("echo partial; (exit 42)");

        Assert.Equal(42, result.ExitCode);
        Assert.True(result.IsError);
        Assert.Equal("partial\n[exit code 42]", result.ToToolContent());
    }

    [Fact]
    public async Task Output_without_a_trailing_newline_comes_back_exactly()
    {
        var result = await Run("printf abc; printf def >&2");

        Assert.Equal("abc", result.Stdout);
        Assert.Equal("def", result.Stderr);
    }

    [Fact]
    public async Task Multi_line_commands_with_quotes_and_heredocs_run_as_written()
    {
        var result = await Run("cat <<'EOF'\n'single' \"double\" $HOME\nEOF\necho \"it's\" done");

        Assert.Equal("'single' \"double\" $HOME\nit's done\n", result.Stdout);
    }

    [Fact]
    public async Task Commands_read_end_of_file_from_stdin_instead_of_hanging()
    {
        var result = await Run("cat; read line; echo \"read=$? line=$line\"", timeoutSeconds: 10);

        Assert.Equal("read=1 line=\n", result.Stdout);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_and_the_shell_keeps_going()
    {
        await Run("export KEPT=yes");

        var broken = await Run("if then fi (");
        var after = await Run("echo $KEPT");

        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("syntax error", broken.Stderr);
        Assert.Equal("yes\n", after.Stdout);
        Assert.Null(after.Notice);
    }

    [Fact]
    public async Task A_timed_out_command_is_killed_and_the_shell_keeps_its_state()
    {
        Directory.CreateDirectory(Path.Combine(_home, "kept"));
        await Run("cd kept; export STATE=intact");
        var clock = Stopwatch.StartNew();

        var result = await Run($"echo started; {MarkedSleep(100)}; echo x", timeoutSeconds: 1);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(result.TimedOut);
        Assert.True(result.IsError);
        Assert.Equal(ShellResult.TimedOutExitCode, result.ExitCode);
        Assert.StartsWith("started\n", result.Stdout);
        Assert.DoesNotContain("x", result.Stdout);
        Assert.Contains("timed out after 1 s", result.ToToolContent());
        await Eventually.True(() => !Eventually.ProcessRunning(_marker), "the timed-out sleep is gone");

        var after = await Run("pwd; echo $STATE");
        Assert.Equal($"{_home}/kept\nintact\n", after.Stdout);
        Assert.Null(after.Notice);
    }

    [Fact]
    public async Task A_timed_out_loop_running_in_the_shell_itself_is_stopped()
    {
        var result = await Run("f() { while true; do :; done; }; f; echo after-function; echo after-all", timeoutSeconds: 1);
        var after = await Run("echo alive");

        Assert.True(result.TimedOut);
        Assert.DoesNotContain("after", result.Stdout);
        Assert.Equal("alive\n", after.Stdout);
    }

    [Fact]
    public async Task Background_jobs_of_earlier_commands_survive_a_timeout()
    {
        await Run($"{MarkedSleep(1000)} &");
        await Eventually.True(() => Eventually.ProcessRunning(_marker), "the background sleep started");

        var result = await Run("sleep 100", timeoutSeconds: 1);

        Assert.True(result.TimedOut);
        Assert.True(Eventually.ProcessRunning(_marker), "a job from an earlier call is not the timed-out command");
    }

    [Fact]
    public async Task Cancellation_kills_the_command_within_a_second()
    {
        using var cancel = new CancellationTokenSource();
        var running = Run($"{MarkedSleep(100)}; echo x", ct: cancel.Token);
        await Eventually.True(() => Eventually.ProcessRunning(_marker), "the sleep started");
        var clock = Stopwatch.StartNew();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");
        await Eventually.True(() => !Eventually.ProcessRunning(_marker), "the cancelled sleep is gone", TimeSpan.FromSeconds(1));
        Assert.Equal("alive\n", (await Run("echo alive")).Stdout);
    }

    [Fact]
    public async Task Output_over_the_cap_keeps_its_start_and_its_end_with_a_note_of_the_cut_and_is_fully_drained()
    {
        var result = await Run("head -c 300000 /dev/zero | tr '\\0' a; echo 'error: the build failed at the very end'; echo done >&2");

        Assert.True(result.Truncated);
        var half = ShellSession.DefaultMaxOutputBytes / 2;
        Assert.Equal(half, result.Stdout.TakeWhile(c => c == 'a').Count());
        Assert.Contains("\n[output truncated: 293 KB total; 193 KB cut here, the first 50 KB and the last 50 KB are kept]\n", result.Stdout);
        Assert.EndsWith("aaaaerror: the build failed at the very end\n", result.Stdout);
        Assert.Equal(half, result.Stdout.Length - result.Stdout.LastIndexOf(']') - 2);
        Assert.Equal("done\n", result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_larger_cap_from_the_settings_keeps_that_much_of_each_stream()
    {
        await using var roomy = new ShellSession(_home, maxOutputBytes: 400 * 1024);

        var result = await roomy.RunAsync("head -c 300000 /dev/zero | tr '\\0' a; head -c 500000 /dev/zero | tr '\\0' b >&2");

        Assert.Equal(300_000, result.Stdout.Length);
        Assert.Equal(200 * 1024, result.Stderr.TakeWhile(c => c == 'b').Count());
        Assert.Contains("[output truncated: ", result.Stderr);
        Assert.Contains("the first 200 KB and the last 200 KB are kept]", result.Stderr);
    }

    [Fact]
    public async Task A_cut_never_splits_a_character()
    {
        var result = await Run("for i in $(seq 1 30000); do printf 'é€😀'; done");

        Assert.True(result.Truncated);
        Assert.DoesNotContain('\uFFFD', result.Stdout);
        Assert.StartsWith("é€😀é€😀", result.Stdout);
        Assert.EndsWith("é€😀é€😀", result.Stdout);
    }

    [Fact]
    public async Task A_shell_that_exits_is_reported_and_replaced_in_the_last_directory()
    {
        Directory.CreateDirectory(Path.Combine(_home, "last"));
        await Run("cd last");

        var exited = await Run("echo bye; exit 3");
        var next = await Run("pwd");
        var later = await Run("echo steady");

        Assert.Equal(3, exited.ExitCode);
        Assert.Equal("bye\n", exited.Stdout);
        Assert.Contains("shell exited with code 3", exited.Notice);
        Assert.Equal($"{_home}/last\n", next.Stdout);
        Assert.Contains("shell restarted: previous shell exited", next.Notice);
        Assert.Null(later.Notice);
    }

    [Fact]
    public async Task A_shell_killed_from_outside_is_replaced()
    {
        var killed = await Run("kill -9 $$");
        var next = await Run("echo back");

        Assert.True(killed.IsError);
        Assert.Equal("back\n", next.Stdout);
        Assert.Contains("shell restarted", next.Notice);
    }

    [Fact]
    public async Task Dispose_leaves_no_process_behind()
    {
        await Run($"{MarkedSleep(1000)} & {MarkedSleep(1000)} | cat &");
        await Eventually.True(() => Eventually.ProcessRunning(_marker), "the background sleeps started");

        await _shell.DisposeAsync();

        await Eventually.True(() => !Eventually.ProcessRunning(_marker), "no sleep survives the shell");
    }

    [Fact]
    public void Tool_content_is_compact()
    {
        Assert.Equal("(no output)", new ShellResult("", "", 0, false, false, null).ToToolContent());
        Assert.Equal(
            "[stderr]\nboom\n[exit code 2]\n[shell restarted: previous shell exited]",
            new ShellResult("", "boom\n", 2, false, false, "shell restarted: previous shell exited").ToToolContent());
    }
}
