using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Memory;

/// <summary>
/// Memory as a user meets it, through a real brain process, the real CLI and the fake provider: a fact told in one
/// session comes back in another, by meaning; the user can find it, and forget it everywhere.
/// </summary>
[Collection("processes")]
public sealed class MemoryEndToEndSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
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
    public async Task A_pets_name_told_in_one_session_is_recalled_in_another_and_forgotten_on_request()
    {
        await AskAsync("my cat is called Zorblax");

        // Mneme writes in the background: the user can see when it has.
        var listed = await SearchOnceRememberedAsync("zorblax", "user: my cat is called Zorblax", "agent: Echo: my cat is called Zorblax");

        await AskAsync("What's my pet's name?");
        var asked = _fake.Requests.Last(r => r.LastUserText == "What's my pet's name?");
        Assert.Contains("What this brings back:", asked.InnerState);
        Assert.Contains("in another conversation", asked.InnerState);
        Assert.Contains("user: my cat is called Zorblax", asked.InnerState);

        // The user's words and the agent's echo of them: both are memories, both are forgotten.
        var ids = listed.Split('\n').Where(l => l.Contains("Zorblax", StringComparison.Ordinal)).Select(l => l.Split(' ')[0].TrimStart('#')).ToList();
        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
        {
            var (code, said, _) = await MemoryAsync("forget", id, "--host", _brain.HostArgument);
            Assert.Equal(0, code);
            Assert.Contains($"Forgot memory #{id}", said);
        }

        Assert.DoesNotContain("Zorblax", (await MemoryAsync("search", "What's my pet's name?")).Stdout);
        Assert.Equal(1, (await MemoryAsync("show", ids[0])).ExitCode);

        await AskAsync("Do you remember my pet's name?");
        var again = _fake.Requests.Last(r => r.LastUserText == "Do you remember my pet's name?");
        Assert.DoesNotContain("Zorblax", again.InnerState);
    }

    [Fact]
    public async Task After_the_memory_file_is_deleted_a_forgotten_message_stays_forgotten_and_a_pin_comes_back()
    {
        await AskAsync("pin: The user measures everything in metric units");
        await AskAsync("my cat is called Zorblax");
        var listed = await SearchOnceRememberedAsync("zorblax", "user: my cat is called Zorblax", "agent: Echo: my cat is called Zorblax");
        Assert.Contains("pinned", (await MemoryAsync("search", "metric units")).Stdout);

        var said = IdOf(listed, "user: my cat is called Zorblax");
        var forgot = await MemoryAsync("forget", said, "--host", _brain.HostArgument);
        Assert.True(forgot.ExitCode == 0, forgot.Stderr);
        Assert.Contains($"Forgot memory #{said} (event of session", forgot.Stdout);
        Assert.Contains("\"user: my cat is called Zorblax\"", forgot.Stdout);

        // Stopped as a user stops it, the memory file (and its WAL) deleted, started again: the file is made again
        // from the journal — the messages from the sessions' events, the pin and the forget from Mneme's stream.
        _brain.Process.Terminate();
        await _brain.Process.WaitForExitAsync(Limit);
        var file = Path.Combine(_brain.Home.Root, "db", "anima.mneme.db");
        Assert.True(File.Exists(file), "the brain kept its memory in " + file);
        foreach (var part in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(part);
        }

        await _brain.RestartAsync();
        await Eventually.HoldsAsync(async () =>
        {
            var found = (await MemoryAsync("search", "zorblax")).Stdout;
            Assert.Contains("agent: Echo: my cat is called Zorblax", found); // the journal was read again
            Assert.DoesNotContain("user: my cat is called Zorblax", found); // but the forgotten one stays forgotten
            Assert.Contains("pinned", (await MemoryAsync("search", "metric units")).Stdout);
        }, Limit);

        await AskAsync("Which units do I use?");
        var asked = _fake.Requests.Last(r => r.LastUserText == "Which units do I use?");
        Assert.Contains("The user measures everything in metric units", asked.Messages[0]!.ToJsonString()); // the pin opens the window again
        Assert.DoesNotContain("user: my cat is called Zorblax", asked.InnerState);
    }

    [Fact]
    public async Task A_forget_with_no_brain_running_forgets_nothing_and_says_how_to_start_one()
    {
        await AskAsync("my cat is called Zorblax");
        var listed = await SearchOnceRememberedAsync("zorblax", "user: my cat is called Zorblax");
        var id = IdOf(listed, "user: my cat is called Zorblax");
        _brain.Process.Terminate();
        await _brain.Process.WaitForExitAsync(Limit);

        var (code, _, stderr) = await MemoryAsync("forget", id, "--host", _brain.HostArgument);

        Assert.Equal(1, code);
        Assert.Contains("nothing was forgotten", stderr);
        Assert.Contains("anima start", stderr);
        Assert.Contains("user: my cat is called Zorblax", (await MemoryAsync("search", "zorblax")).Stdout);
    }

    private async Task AskAsync(string text)
    {
        var (code, stdout, stderr) = await AnimaProcess.RunAsync(
            new AnimaProcess.RunOptions(_brain.Home.Root, Within: Limit), "ask", "--new", text, "--host", _brain.HostArgument);
        Assert.True(code == 0, $"ask failed ({code}): {stdout} {stderr}");
    }

    /// <summary>What `anima memory search QUERY` lists once Mneme, which writes in the background, has every one of <paramref name="expected"/>.</summary>
    private async Task<string> SearchOnceRememberedAsync(string query, params string[] expected)
    {
        var listed = "";
        await Eventually.HoldsAsync(
            async () =>
            {
                listed = (await MemoryAsync("search", query)).Stdout;
                foreach (var text in expected)
                {
                    Assert.Contains(text, listed);
                }
            },
            Limit);
        return listed;
    }

    /// <summary>The id of the one memory listed with <paramref name="text"/>.</summary>
    private static string IdOf(string listed, string text) =>
        listed.Split('\n').Single(l => l.Contains(text, StringComparison.Ordinal)).Split(' ')[0].TrimStart('#');

    private Task<(int ExitCode, string Stdout, string Stderr)> MemoryAsync(params string[] args) =>
        AnimaProcess.RunAsync(_brain.Home.Root, null, ["memory", .. args]);
}
