using System.Text.Json.Nodes;
using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Agent;

/// <summary>
/// A session working in a project folder, through a real brain process, the real CLI and the fake model at the wire:
/// the model's file edits land on disk, the folder's AGENTS.md reaches the system prompt, and a call that keeps
/// failing the same way stops the turn.
/// </summary>
[Collection("processes")]
public sealed class WorkspaceTurnSpecs : IAsyncLifetime
{
    private static readonly TimeSpan AskLimit = TimeSpan.FromSeconds(60);

    private BrainWithFake _world = null!;

    private static string AgentModel => BrainWithFake.AgentModel;

    public async Task InitializeAsync() => _world = await BrainWithFake.StartAsync("anima.agent.max-repeated-failures = 2\n");

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    [Fact]
    public async Task The_model_edits_a_file_in_the_sessions_folder_and_the_file_on_disk_changes()
    {
        await File.WriteAllTextAsync(Path.Combine(_world.Project.Root, "greeting.txt"), "Hello, world\n");
        _world.Fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "edit_file", """{"path":"greeting.txt","old_string":"world","new_string":"Anima"}""")),
            FakeResponse.Text("Greeting updated."));

        var result = await AskAsync("greet Anima instead");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Greeting updated.", result.Stdout.Trim());
        Assert.Equal("Hello, Anima\n", await File.ReadAllTextAsync(Path.Combine(_world.Project.Root, "greeting.txt")));
        var afterTool = (await _world.Fake.WaitForRequestsAsync(2, AskLimit, AgentModel))[1];
        var toolResult = afterTool.Messages[^1]!["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_result")!;
        Assert.Equal("Edited greeting.txt.\n--- greeting.txt\n+++ greeting.txt\n@@ -1 +1 @@\n-Hello, world\n+Hello, Anima\n", ToolResultText(toolResult));
    }

    [Fact]
    public async Task The_folders_agents_md_is_in_the_system_prompt_the_same_bytes_for_every_call_and_the_volatile_tail_last()
    {
        await File.WriteAllTextAsync(Path.Combine(_world.Project.Root, "AGENTS.md"), "# House rules\nRun `make check` before you say done.\n");
        _world.Fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"true"}""")),
            FakeResponse.Text("Checked."));

        var result = await AskAsync("check the project");

        Assert.Equal(0, result.ExitCode);
        var calls = await _world.Fake.WaitForRequestsAsync(2, AskLimit, AgentModel);
        Assert.Contains("# House rules\nRun `make check` before you say done.", calls[0].System);
        Assert.Contains($"the working directory (where the shell starts and relative paths resolve) is {_world.Project.Root}", calls[0].System);
        Assert.Equal(calls[0].Body!["system"]!.ToJsonString(), calls[1].Body!["system"]!.ToJsonString());
        Assert.All(calls, call => Assert.NotNull(call.InnerState));
        Assert.DoesNotContain("House rules", calls[1].InnerState);
    }

    [Fact]
    public async Task A_call_that_keeps_failing_with_the_same_input_stops_the_turn_after_the_configured_count()
    {
        const string Broken = """{"command":"cat no-such-file"}""";
        _world.Fake.DefaultResponder = _ => FakeResponse.ToolUse(("toolu_" + Guid.NewGuid().ToString("N")[..8], "bash", Broken));

        var result = await AskAsync("show me no-such-file");

        Assert.Contains("Stopped: bash failed 2 times in this turn with the same input", result.Stderr);
        Assert.Contains("anima.agent.max-repeated-failures", result.Stderr);
        Assert.Equal(2, _world.Fake.RequestsFor(AgentModel).Count); // the default is 10: the setting counts
        Assert.DoesNotContain("project_instructions", _world.Fake.RequestsFor(AgentModel)[0].System); // no AGENTS.md here
    }

    [Fact]
    public async Task Failures_of_other_inputs_or_before_a_success_do_not_count_toward_the_guard()
    {
        _world.Fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"cat x"}""")),
            FakeResponse.ToolUse(("toolu_2", "bash", """{"command":"cat y"}""")),
            FakeResponse.ToolUse(("toolu_3", "write_file", """{"path":"x","content":"now here"}""")),
            FakeResponse.ToolUse(("toolu_4", "bash", """{"command": "cat x"}""")),
            FakeResponse.ToolUse(("toolu_5", "bash", """{"command":"rm x"}""")),
            FakeResponse.ToolUse(("toolu_6", "bash", """{"command":"cat x"}""")),
            FakeResponse.Text("Done."));

        var result = await AskAsync("play with x");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Done.", result.Stdout.Trim());
        Assert.DoesNotContain("Stopped:", result.Stderr);
        Assert.Equal(7, _world.Fake.RequestsFor(AgentModel).Count);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> AskAsync(string message) =>
        AnimaProcess.RunAsync(_world.Brain.Home.Root, null, "ask", "--new", "--cwd", _world.Project.Root, message, "--host", _world.Brain.HostArgument);

    private static string ToolResultText(JsonNode toolResult) => toolResult["content"] switch
    {
        JsonValue text => text.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b!["text"]!.GetValue<string>())),
        _ => throw new InvalidOperationException(toolResult.ToJsonString()),
    };
}
