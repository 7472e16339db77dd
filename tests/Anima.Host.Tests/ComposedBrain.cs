using Akka.Cluster;
using Akka.Configuration;
using Anima.Actors.Configuration;
using Anima.Actors.Mind;
using Anima.Client.Configuration;
using Anima.FakeAnthropic;
using Anima.Host.Brain;
using Microsoft.Data.Sqlite;

namespace Anima.Host.Tests;

/// <summary>
/// A brain in an Akka.Hosting TestKit, made from the host's own parts (<see cref="BrainParts.Prepare"/> on a home of
/// its own): its real journal file, remoting over mutual TLS on a free port, the bus, the mind, and the model behind
/// the fake provider at the wire. Each spec composes it (<c>ConfigureAkka</c>); the host's composition is
/// <see cref="BrainComposition.AddAnimaBrain"/>.
/// </summary>
public abstract class ComposedBrain : Akka.Hosting.TestKit.TestKit
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "anima-host-" + Guid.NewGuid().ToString("N")[..10]);

    protected ComposedBrain()
        : base(Anima.Client.BrainAddress.SystemName)
    {
        Fake = FakeAnthropicServer.StartAsync().GetAwaiter().GetResult();

        // The mind's appraisal calls its own small model: answered aside, with nothing found.
        Fake.AnswerModel(MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
        Home = new AnimaHome(_root);
        Home.EnsureCreated();
        Credentials.Store(Home, "sk-ant-test");
        Settings = AnimaConfig.ForBrain(Home, "production", port: 0, ConfigurationFactory.ParseString($"""
            anima.agent.anthropic-base-url = "{Fake.BaseUrl}"
            anima.agent.thinking-budget = 0
            """));
        Parts = BrainParts.Prepare(Settings);
    }

    protected FakeAnthropicServer Fake { get; }

    protected AnimaHome Home { get; }

    protected BrainSettings Settings { get; }

    protected BrainParts Parts { get; }

    protected override async Task BeforeTestStart()
    {
        await base.BeforeTestStart();

        // As the host waits before it announces the brain: the bus of a cluster of one serves once the node is up.
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(Sys).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        await Fake.DisposeAsync();
        Parts.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // tmp is cleaned anyway
        }
    }
}
