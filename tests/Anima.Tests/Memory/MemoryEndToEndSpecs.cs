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
        var listed = "";
        await Eventually.HoldsAsync(async () =>
        {
            listed = (await MemoryAsync("search", "zorblax")).Stdout;
            Assert.Contains("user: my cat is called Zorblax", listed);
            Assert.Contains("agent: Echo: my cat is called Zorblax", listed);
        }, Limit);

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
            var (code, said, _) = await MemoryAsync("forget", id);
            Assert.Equal(0, code);
            Assert.Contains($"Forgot memory #{id}", said);
        }

        Assert.DoesNotContain("Zorblax", (await MemoryAsync("search", "What's my pet's name?")).Stdout);
        Assert.Equal(1, (await MemoryAsync("show", ids[0])).ExitCode);

        await AskAsync("Do you remember my pet's name?");
        var again = _fake.Requests.Last(r => r.LastUserText == "Do you remember my pet's name?");
        Assert.DoesNotContain("Zorblax", again.InnerState);
    }

    private async Task AskAsync(string text)
    {
        var (code, stdout, stderr) = await AnimaProcess.RunAsync(
            new AnimaProcess.RunOptions(_brain.Home.Root, Within: Limit), "ask", "--new", text, "--host", _brain.HostArgument);
        Assert.True(code == 0, $"ask failed ({code}): {stdout} {stderr}");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> MemoryAsync(params string[] args) =>
        AnimaProcess.RunAsync(_brain.Home.Root, null, ["memory", .. args]);
}
