using System.Collections.Concurrent;
using Anima.Client;
using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Permissions;

/// <summary>
/// Approvals through a real brain process and real remote clients over mutual TLS, with the fake model at the wire
/// asking for bash: the prompt is journaled and reaches every client, the first answer wins, a denial is the tool's
/// result, "always" adds a rule, a restart mid-prompt asks again, an interrupt closes the prompt; and `anima ask`
/// without a terminal refuses.
/// </summary>
[Collection("processes")]
public sealed class PermissionFlowSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private BrainWithFake _world = null!;

    private static string AgentModel => BrainWithFake.AgentModel;

    public async Task InitializeAsync() => _world = await BrainWithFake.StartAsync("anima.tools.permissions.mode = ask\n");

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    [Fact]
    public async Task An_approved_command_runs_after_the_answer_and_both_are_journaled()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "touch approved.txt"), FakeResponse.Text("Done."));
        await using var tui = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root);

        await tui.PostAsync("make the file");
        var request = await tui.NextAsync<ApprovalRequested>();

        Assert.Equal("touch approved.txt", request.Preview);
        Assert.Equal("bash(touch approved.txt)", request.Rule);
        Assert.False(File.Exists(Path.Combine(_world.Project.Root, "approved.txt"))); // it waits
        await tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_1", ApprovalDecision.Approve, "tui");

        var answered = await tui.NextAsync<ApprovalAnswered>();
        Assert.Equal((ApprovalDecision.Approve, "tui"), (answered.Decision, answered.By));
        Assert.False((await tui.NextAsync<ToolResponse>()).IsError);
        Assert.Equal("Done.", (await tui.NextAsync<AgentMessage>(m => m.Text.Length > 0)).Text);
        Assert.True(File.Exists(Path.Combine(_world.Project.Root, "approved.txt")));
    }

    [Fact]
    public async Task A_denied_command_never_runs_and_the_model_reads_that_the_user_declined()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "touch denied.txt"), FakeResponse.Text("Understood, I left it."));
        await using var tui = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root);

        await tui.PostAsync("make the file");
        await tui.NextAsync<ApprovalRequested>();
        await tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_1", ApprovalDecision.Deny, "tui");

        var result = await tui.NextAsync<ToolResponse>();
        Assert.True(result.IsError);
        Assert.True(result.Declined, "journaled as declined, so the mind does not feel a failed tool");
        Assert.StartsWith("The user declined this tool call", result.Content);
        Assert.Equal("Understood, I left it.", (await tui.NextAsync<AgentMessage>(m => m.Text.Length > 0)).Text);
        Assert.False(File.Exists(Path.Combine(_world.Project.Root, "denied.txt")));
        var second = (await _world.Fake.WaitForRequestsAsync(2, Within, AgentModel))[1];
        Assert.Contains("The user declined this tool call", second.RawBody);
    }

    [Fact]
    public async Task Switching_to_trust_while_a_call_waits_answers_it_and_the_call_runs()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "touch trusted.txt"), FakeResponse.Text("Made it."));
        await using var tui = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root);

        await tui.PostAsync("make the file");
        await tui.NextAsync<ApprovalRequested>();
        await tui.Client.SetModeAsync(tui.SessionId, PermissionMode.Trust, "tui");

        var answered = await tui.NextAsync<ApprovalAnswered>();
        Assert.Equal(("toolu_1", ApprovalDecision.Approve, "mode trust"), (answered.CallId, answered.Decision, answered.By));
        Assert.False((await tui.NextAsync<ToolResponse>()).IsError);
        Assert.Equal("Made it.", (await tui.NextAsync<AgentMessage>(m => m.Text.Length > 0)).Text);
        Assert.True(File.Exists(Path.Combine(_world.Project.Root, "trusted.txt")));
    }

    [Fact]
    public async Task Always_adds_a_rule_for_the_session_that_lets_the_same_command_run_but_not_one_joined_to_it()
    {
        _world.Fake.Enqueue(
            Bash("toolu_1", "touch one.txt"),
            Bash("toolu_2", "touch two.txt"),
            Bash("toolu_3", "touch three.txt; touch four.txt"),
            FakeResponse.Text("All done."));
        await using var tui = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root);

        await tui.PostAsync("make files");
        var first = await tui.NextAsync<ApprovalRequested>();
        Assert.Equal("bash(touch one.txt)", first.Rule);
        await tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_1", ApprovalDecision.Always, "tui");
        Assert.Equal("bash(touch one.txt)", (await tui.NextAsync<ApprovalAnswered>()).Rule);

        // toolu_2 is another command: asked about; toolu_3 joins two: asked about, and no "always" offered.
        var second = await tui.NextAsync<ApprovalRequested>();
        Assert.Equal("toolu_2", second.CallId);
        await tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_2", ApprovalDecision.Deny, "tui");
        var third = await tui.NextAsync<ApprovalRequested>();
        Assert.Equal("toolu_3", third.CallId);
        Assert.Null(third.Rule);
        await tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_3", ApprovalDecision.Deny, "tui");
        await tui.NextAsync<AgentMessage>(m => m.Text == "All done.");

        // The rule holds for the rest of the session: the same command again runs without a prompt.
        _world.Fake.Enqueue(Bash("toolu_4", "touch one.txt"), FakeResponse.Text("Again."));
        await tui.PostAsync("once more");
        await tui.NextAsync<AgentMessage>(m => m.Text == "Again.");
        Assert.DoesNotContain(tui.Events.OfType<ApprovalRequested>(), r => r.CallId == "toolu_4");
        Assert.False(tui.Events.OfType<ToolResponse>().Single(r => r.CallId == "toolu_4").IsError);
        Assert.False(File.Exists(Path.Combine(_world.Project.Root, "four.txt")));
    }

    [Fact]
    public async Task The_first_answer_of_two_clients_wins_and_the_other_is_told()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "touch raced.txt"), FakeResponse.Text("Done."));
        await using var tui = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root);
        await using var other = await Watch.StartAsync(_world.Brain, "other", _world.Project.Root, tui.SessionId);

        await tui.PostAsync("make the file");
        await tui.NextAsync<ApprovalRequested>();
        await other.NextAsync<ApprovalRequested>(); // every attached client is shown it

        await other.Client.AnswerApprovalAsync(tui.SessionId, "toolu_1", ApprovalDecision.Approve, "other");
        var late = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_1", ApprovalDecision.Deny, "tui"));

        Assert.Contains("not waiting for approval", late.Message);
        Assert.Equal("other", (await tui.NextAsync<ApprovalAnswered>()).By);
        await tui.NextAsync<AgentMessage>(m => m.Text == "Done.");
        Assert.True(File.Exists(Path.Combine(_world.Project.Root, "raced.txt")));
    }

    [Fact]
    public async Task A_brain_restarted_while_a_prompt_is_open_asks_again_and_runs_the_call_once_approved()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "echo ran >> restarted.txt"), FakeResponse.Text("Done after restart."));
        string sessionId;
        await using (var before = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root))
        {
            sessionId = before.SessionId;
            await before.PostAsync("append a line");
            await before.NextAsync<ApprovalRequested>();
        }

        await _world.Brain.RestartAsync();

        await using var after = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root, sessionId);
        var request = await after.NextAsync<ApprovalRequested>(); // from the history: the request is there, its answer is not
        Assert.Equal("toolu_1", request.CallId);
        Assert.Empty(after.Events.OfType<ApprovalAnswered>());

        await after.Client.AnswerApprovalAsync(sessionId, "toolu_1", ApprovalDecision.Approve, "tui");
        await after.NextAsync<AgentMessage>(m => m.Text == "Done after restart.");
        Assert.Equal("ran\n", await File.ReadAllTextAsync(Path.Combine(_world.Project.Root, "restarted.txt")));
        Assert.Single(after.Events.OfType<ApprovalRequested>());
    }

    [Fact]
    public async Task An_interrupt_while_waiting_closes_the_prompt_and_ends_the_turn()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "touch never.txt"));
        await using var tui = await Watch.StartAsync(_world.Brain, "tui", _world.Project.Root);

        await tui.PostAsync("make the file");
        await tui.NextAsync<ApprovalRequested>();
        tui.Client.Interrupt(tui.SessionId);

        var result = await tui.NextAsync<ToolResponse>();
        Assert.True(result.Interrupted);
        await tui.NextAsync<SystemMessage>(m => m.Interrupted == true);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            tui.Client.AnswerApprovalAsync(tui.SessionId, "toolu_1", ApprovalDecision.Approve, "tui"));
        Assert.False(File.Exists(Path.Combine(_world.Project.Root, "never.txt")));
        Assert.Single(_world.Fake.RequestsFor(AgentModel));
    }

    [Fact]
    public async Task Ask_without_a_terminal_declines_and_says_how_to_let_it_run_and_trust_mode_runs_it()
    {
        _world.Fake.Enqueue(Bash("toolu_1", "touch by-ask.txt"), FakeResponse.Text("Could not."));

        var refused = await AskAsync("--new", "--cwd", _world.Project.Root, "make the file");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("bash needs approval", refused.Stderr);
        Assert.Contains("no terminal to ask on, so it was declined", refused.Stderr);
        Assert.Contains("--mode trust", refused.Stderr);
        Assert.Contains("anima.tools.permissions.allow = [\"bash(touch by-ask.txt)\"]", refused.Stderr);
        Assert.False(File.Exists(Path.Combine(_world.Project.Root, "by-ask.txt")));

        _world.Fake.Enqueue(Bash("toolu_2", "touch by-ask.txt"), FakeResponse.Text("Made it."));
        var trusted = await AskAsync("--mode", "trust", "make it now");

        Assert.Equal(0, trusted.ExitCode);
        Assert.Equal("Made it.", trusted.Stdout.Trim());
        Assert.True(File.Exists(Path.Combine(_world.Project.Root, "by-ask.txt")));
    }

    [Fact]
    public async Task Auto_edit_runs_an_edit_in_the_folder_without_asking_but_still_asks_for_bash()
    {
        await File.WriteAllTextAsync(Path.Combine(_world.Project.Root, "note.txt"), "draft\n");
        _world.Fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "edit_file", """{"path":"note.txt","old_string":"draft","new_string":"final"}""")),
            Bash("toolu_2", "touch bash-ran.txt"),
            FakeResponse.Text("Edited."));

        var result = await AskAsync("--new", "--cwd", _world.Project.Root, "--mode", "auto-edit", "finish the note");

        Assert.Equal("final\n", await File.ReadAllTextAsync(Path.Combine(_world.Project.Root, "note.txt")));
        Assert.Contains("bash needs approval", result.Stderr);
        Assert.DoesNotContain("edit_file needs approval", result.Stderr);
        Assert.False(File.Exists(Path.Combine(_world.Project.Root, "bash-ran.txt")));
    }

    private static FakeResponse Bash(string id, string command) =>
        FakeResponse.ToolUse((id, "bash", System.Text.Json.JsonSerializer.Serialize(new { command })));

    private Task<(int ExitCode, string Stdout, string Stderr)> AskAsync(params string[] args) =>
        AnimaProcess.RunAsync(_world.Brain.Home.Root, null, ["ask", .. args, "--host", _world.Brain.HostArgument]);

    /// <summary>A remote client attached to one session, keeping every journaled event it is sent.</summary>
    private sealed class Watch : IAsyncDisposable
    {
        private readonly ConcurrentQueue<ISessionEvent> _events = new();
        private readonly Task _reading;
        private int _taken;

        private Watch(BrainClient client, string sessionId)
        {
            Client = client;
            SessionId = sessionId;
            _reading = Task.Run(async () =>
            {
                await foreach (var push in client.Pushes.ReadAllAsync())
                {
                    switch (push)
                    {
                        case Journaled journaled:
                            _events.Enqueue(journaled.Event);
                            break;
                        case HistoryChunk chunk:
                            foreach (var j in chunk.Events)
                            {
                                _events.Enqueue(j.Event);
                            }

                            break;
                    }
                }
            });
        }

        public BrainClient Client { get; }

        public string SessionId { get; }

        public IReadOnlyList<ISessionEvent> Events => [.. _events];

        public static async Task<Watch> StartAsync(RunningBrain brain, string name, string directory, string? sessionId = null)
        {
            var client = await brain.ConnectAsync(name, BackoffPolicy.Interactive);
            sessionId ??= await client.CreateSessionAsync(workingDirectory: directory);
            client.Attach(sessionId);
            return new Watch(client, sessionId);
        }

        public Task PostAsync(string text) => Client.PostAsync(SessionId, text);

        /// <summary>The next event of this kind after those already taken (in order), waiting for it.</summary>
        public async Task<T> NextAsync<T>(Func<T, bool>? where = null)
            where T : ISessionEvent
        {
            var deadline = DateTime.UtcNow + Within;
            while (DateTime.UtcNow < deadline)
            {
                var events = Events;
                for (var i = _taken; i < events.Count; i++)
                {
                    if (events[i] is T found && (where is null || where(found)))
                    {
                        _taken = i + 1;
                        return found;
                    }
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"No {typeof(T).Name} within {Within}; the session had: {string.Join(", ", Events.Select(e => e.GetType().Name))}");
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await _reading.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }
    }
}
