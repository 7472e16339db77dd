using System.Text.RegularExpressions;
using Anima.Client;
using Anima.Client.Trust;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Cli;

/// <summary><c>anima ask</c> as a user runs it (stdout a pipe): the real CLI, a real brain process, the fake model.</summary>
[Collection("processes")]
public sealed partial class AskSpecs : IAsyncLifetime
{
    private static readonly TimeSpan AskLimit = TimeSpan.FromSeconds(60);

    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeAnthropicServer.StartAsync();
        ScriptedModel.Drive(_fake);
        _environment = new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl, ["ANTHROPIC_API_KEY"] = "test-key" };
        _brain = await RunningBrain.StartAsync(environment: _environment);
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Ask_ends_with_the_answer_when_the_turn_finished_while_it_was_reconnecting()
    {
        await using var ask = AnimaProcess.Start(_brain.Home.Root, null, "ask", "--new", "run: sleep 3", "--host", _brain.HostArgument);
        await ask.WaitForOutputAsync("▶ bash", AskLimit); // the command runs
        var sessionId = await NewestSessionAsync();
        _brain.Process.Kill();
        await _brain.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));

        // A brain on another port finishes the turn while ask knocks on the first one: ask will hear of it only as history.
        var elsewhere = new BrainAddress("127.0.0.1", FreePort.Next());
        await using (var other = AnimaProcess.Start(_brain.Home.Root, _environment, "start", "--port", elsewhere.Port.ToString()))
        {
            await other.WaitForOutputAsync("listening on", AskLimit);
            await using (var client = await BrainClient.ConnectAsync(elsewhere, ClientCredentials.FromHome(_brain.Home.Home)!, "observer"))
            {
                await Eventually.HoldsAsync(async () =>
                {
                    var history = await ExportCommandAccess.ReadHistoryAsync(client, sessionId);
                    Assert.Equal("Echo: run: sleep 3", Assert.IsType<AgentMessage>(history[^1].Event).Text);
                }, AskLimit);
            }

            other.Terminate();
            await other.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await _brain.RestartAsync();

        await ask.WaitForExitAsync(AskLimit);
        Assert.Equal(0, ask.ExitCode);
        Assert.Equal("Echo: run: sleep 3\n", ask.Stdout);
    }

    [Fact]
    public async Task Ask_into_a_pipe_writes_a_retried_answer_once_as_the_journal_holds_it()
    {
        _fake.Enqueue(FakeResponse.MidStreamError("Echo:"), FakeResponse.Text("Echo: slow: 20"));

        var result = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "slow: 20", "--host", _brain.HostArgument);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Echo: slow: 20\n", result.Stdout);
        Assert.Contains("retrying in", result.Stderr);
    }

    [Fact]
    public async Task Ask_into_a_pipe_writes_the_answer_whole_when_the_brain_restarts_in_the_middle_of_it()
    {
        await using var ask = AnimaProcess.Start(_brain.Home.Root, null, "ask", "--new", "slow: 6 an answer that takes a while to write", "--host", _brain.HostArgument);
        await _fake.WaitForRequestsAsync(1, AskLimit);
        var sessionId = await NewestSessionAsync();
        await using (var observer = await _brain.ConnectAsync("observer"))
        {
            observer.Attach(sessionId, maxHistory: 0);
            await WaitForAsync<TextDelta>(observer); // the answer is being streamed
        }

        _brain.Process.Kill();
        await _brain.RestartAsync();

        await ask.WaitForExitAsync(AskLimit);
        Assert.Equal(0, ask.ExitCode);
        Assert.Equal("Echo: slow: 6 an answer that takes a while to write\n", ask.Stdout);
        await using var reader = await _brain.ConnectAsync("reader");
        var answers = (await ExportCommandAccess.ReadHistoryAsync(reader, sessionId)).Select(e => e.Event).OfType<AgentMessage>();
        Assert.Equal(ask.Stdout.TrimEnd('\n'), Assert.Single(answers).Text);
    }

    [Fact]
    public async Task Ctrl_C_interrupts_the_turn_says_so_and_exits_130()
    {
        await using var ask = AnimaProcess.Start(_brain.Home.Root, null, "ask", "--new", "slow: 30 a long answer to interrupt", "--host", _brain.HostArgument);
        await _fake.WaitForRequestsAsync(1, AskLimit);
        var sessionId = await NewestSessionAsync();
        await using var observer = await _brain.ConnectAsync("observer");
        observer.Attach(sessionId, maxHistory: 0);
        await WaitForAsync<TextDelta>(observer);

        ask.Interrupt();

        await ask.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(130, ask.ExitCode);
        Assert.Contains("Interrupted by the user", ask.Stderr);
        await using var reader = await _brain.ConnectAsync("reader");
        var events = (await ExportCommandAccess.ReadHistoryAsync(reader, sessionId)).Select(e => e.Event).ToList();
        Assert.Equal("Interrupted by the user.", Assert.IsType<SystemMessage>(events[^1]).Text);
        var partial = Assert.IsType<AgentMessage>(events[^2]);
        Assert.Equal("interrupted", partial.StopReason);
        Assert.Equal(partial.Text + "\n", ask.Stdout); // what was said before the interrupt, as journaled
    }

    [Fact]
    public async Task Ask_takes_its_words_or_stdin_and_refuses_an_empty_message_or_an_unknown_option()
    {
        var host = _brain.HostArgument;
        var words = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "several", "words", "unquoted", "--host", host);
        var piped = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(_brain.Home.Root, Stdin: "from a pipe\n"), "ask", "--host", host);
        var dash = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(_brain.Home.Root, Stdin: "after a dash"), "ask", "-", "--host", host);
        var empty = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "", "--host", host);
        var blank = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "  ", "--host", host);
        var emptyStdin = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(_brain.Home.Root, Stdin: "\n"), "ask", "--host", host);
        var bogus = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--bogus", "--host", host);
        var quoted = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--host", host, "--", "--not-an-option");

        Assert.Equal((0, "Echo: several words unquoted\n"), (words.ExitCode, words.Stdout));
        Assert.Equal((0, "Echo: from a pipe\n"), (piped.ExitCode, piped.Stdout));
        Assert.Equal((0, "Echo: after a dash\n"), (dash.ExitCode, dash.Stdout));
        Assert.Equal((0, "Echo: --not-an-option\n"), (quoted.ExitCode, quoted.Stdout));
        foreach (var refused in new[] { empty, blank, emptyStdin })
        {
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("empty", refused.Stderr);
        }

        Assert.Equal(1, bogus.ExitCode);
        Assert.Contains("unknown option '--bogus'", bogus.Stderr);
        Assert.Equal(4, _fake.RequestCount); // nothing refused reached the model

        // Nor can any other client store an empty message: the brain refuses it too.
        await using var client = await _brain.ConnectAsync();
        var sessionId = (await client.ListSessionsAsync(1))[0].SessionId;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsync(sessionId, " \n "));
        Assert.Contains("empty", ex.Message);
        Assert.DoesNotContain(await ExportCommandAccess.ReadHistoryAsync(client, sessionId), e => e.Event is UserMessage { Text: var text } && string.IsNullOrWhiteSpace(text));
    }

    [Fact]
    public async Task Ask_new_prints_the_id_it_made_and_every_command_takes_the_start_of_an_id()
    {
        var host = _brain.HostArgument;
        var first = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "first", "--host", host);
        var id = NewSession(first.Stderr);
        var prefix = id[..5];

        var asked = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--session", prefix, "again", "--host", host);
        var exported = await AnimaProcess.RunAsync(_brain.Home.Root, null, "export", prefix, "--host", host);
        var mind = await AnimaProcess.RunAsync(_brain.Home.Root, null, "mind", prefix, "--host", host);
        var noMind = await AnimaProcess.RunAsync(_brain.Home.Root, null, "mind", "nosuch", "--host", host);
        var noTui = await AnimaProcess.RunAsync(_brain.Home.Root, null, "tui", "--session", "nosuch", "--host", host);

        Assert.Equal((0, "Echo: again\n"), (asked.ExitCode, asked.Stdout));
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains($"Session {id} started", exported.Stdout);
        Assert.Contains("again", exported.Stdout);
        Assert.Equal(0, mind.ExitCode);
        Assert.Contains($"Mind of session {id}", mind.Stdout);
        Assert.Equal(1, noMind.ExitCode);
        Assert.Contains("There is no session 'nosuch'", noMind.Stderr);
        Assert.Equal(1, noTui.ExitCode);
        Assert.Contains("There is no session 'nosuch'", noTui.Stderr);

        // Sixteen first characters: among seventeen sessions two share one, and that start names neither.
        await using var client = await _brain.ConnectAsync();
        var ids = new List<string> { id };
        while (ids.GroupBy(s => s[0]).All(g => g.Count() == 1))
        {
            ids.Add(await client.CreateSessionAsync());
        }

        var shared = ids.GroupBy(s => s[0]).First(g => g.Count() > 1).Key.ToString();
        var ambiguous = await AnimaProcess.RunAsync(_brain.Home.Root, null, "export", shared, "--host", host);
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains($"'{shared}' is the start of", ambiguous.Stderr);
        Assert.Contains("type more of the id", ambiguous.Stderr);
    }

    [Fact]
    public async Task A_new_session_works_in_the_directory_its_client_ran_in_or_the_one_given()
    {
        using var project = new TempHome();
        using var other = new TempHome();
        Directory.CreateDirectory(project.Root);
        Directory.CreateDirectory(other.Root);
        var host = _brain.HostArgument;

        var here = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(_brain.Home.Root, WorkingDirectory: project.Root), "ask", "--new", "run: pwd", "--host", host);
        var given = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "--cwd", other.Root, "run: pwd", "--host", host);
        var missing = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--new", "--cwd", Path.Combine(other.Root, "nope"), "run: pwd", "--host", host);
        var sessions = await AnimaProcess.RunAsync(_brain.Home.Root, null, "sessions", "--host", host);

        Assert.Equal(0, here.ExitCode);
        Assert.Contains($"✓ {project.Root}", here.Stderr);
        Assert.Equal(0, given.ExitCode);
        Assert.Contains($"✓ {other.Root}", given.Stderr);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("there is no such directory", missing.Stderr);
        Assert.Contains(project.Root, sessions.Stdout);
        Assert.Contains(other.Root, sessions.Stdout);

        // The directory is the session's for good: gone, the shell says so and starts elsewhere.
        var otherSession = NewSession(given.Stderr);
        Directory.Delete(other.Root, recursive: true);
        await _brain.RestartAsync(); // a fresh shell for the session
        var after = await AnimaProcess.RunAsync(_brain.Home.Root, null, "ask", "--session", otherSession, "run: pwd", "--host", host);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains($"{other.Root} no longer exists", after.Stderr);
    }

    private async Task<string> NewestSessionAsync()
    {
        await using var client = await _brain.ConnectAsync("lister");
        return (await client.ListSessionsAsync(1))[0].SessionId;
    }

    private static string NewSession(string stderr) =>
        NewSessionLine().Match(stderr) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no new session on stderr:\n{stderr}");

    private static async Task<T> WaitForAsync<T>(BrainClient client)
    {
        using var timeout = new CancellationTokenSource(AskLimit);
        await foreach (var push in client.Pushes.ReadAllAsync(timeout.Token))
        {
            if (push is T wanted)
            {
                return wanted;
            }
        }

        throw new InvalidOperationException($"the link closed before a {typeof(T).Name}");
    }

    [GeneratedRegex(@"new session ([0-9a-z]+)")]
    private static partial Regex NewSessionLine();
}
