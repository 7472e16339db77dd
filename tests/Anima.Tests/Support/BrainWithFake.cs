using Anima.FakeAnthropic;

namespace Anima.Tests.Support;

/// <summary>
/// A real brain process whose provider is the fake at the wire (the mind's appraisal answered quietly), and a project
/// folder its sessions can work in: what the end-to-end specs of turns start from.
/// </summary>
public sealed class BrainWithFake : IAsyncDisposable
{
    private BrainWithFake(TempHome project, FakeAnthropicServer fake, RunningBrain brain)
    {
        Project = project;
        Fake = fake;
        Brain = brain;
    }

    /// <summary>The model the agent's calls name, as the brain's defaults say.</summary>
    public static string AgentModel => Anima.Actors.Agent.AgentSettings.From(Anima.Actors.Configuration.AnimaConfig.BrainDefaults).Model;

    public TempHome Project { get; }

    public FakeAnthropicServer Fake { get; }

    public RunningBrain Brain { get; }

    /// <summary>The brain's own home (ANIMA_HOME).</summary>
    public TempHome Home => Brain.Home;

    /// <param name="config">Lines of the home's anima.conf, written before the brain starts.</param>
    public static async Task<BrainWithFake> StartAsync(string config = "")
    {
        var project = new TempHome();
        Directory.CreateDirectory(project.Root);
        var home = new TempHome();
        home.Home.EnsureCreated();
        if (config.Length > 0)
        {
            await File.WriteAllTextAsync(home.Home.ConfigFile, config);
        }

        var fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        try
        {
            var brain = await RunningBrain.StartAsync(home, new Dictionary<string, string>
            {
                ["ANTHROPIC_BASE_URL"] = fake.BaseUrl,
                ["ANTHROPIC_API_KEY"] = "test-key",
            });
            return new BrainWithFake(project, fake, brain);
        }
        catch
        {
            await fake.DisposeAsync();
            project.Dispose();
            home.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Brain.DisposeAsync();
        await Fake.DisposeAsync();
        Project.Dispose();
    }
}
