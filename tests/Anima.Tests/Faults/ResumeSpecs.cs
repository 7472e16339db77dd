using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Cli;
using Anima.Tests.Support;

namespace Anima.Tests.Faults;

/// <summary>
/// A turn the brain is stopped in is resumed when it starts again, but not for ever: one that was resumed
/// anima.agent.max-resumes times without getting any further is closed with a message, so a turn that itself
/// brings the brain down (or keeps being cut off) cannot turn restarts into a loop of model calls.
/// </summary>
[Collection("processes")]
public sealed class ResumeSpecs : IAsyncLifetime
{
    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;

    public async Task InitializeAsync()
    {
        _fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        _fake.DefaultResponder = _ => FakeResponse.Hang("thinking about it");
        var home = new TempHome();
        Directory.CreateDirectory(home.Home.Config);
        await File.WriteAllTextAsync(home.Home.ConfigFile, "anima.agent.max-resumes = 2\n");
        _brain = await RunningBrain.StartAsync(home, new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-resume",
        });
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_turn_killed_again_at_every_resume_is_closed_after_the_last_allowed_one()
    {
        string session;
        await using (var client = await _brain.ConnectAsync())
        {
            session = await client.CreateSessionAsync();
            await client.PostAsync(session, "a question the brain keeps dying on");
        }

        // The first call, then one per allowed resume, each cut off by a SIGKILL while the model answers.
        for (var call = 1; call <= 3; call++)
        {
            await _fake.WaitForRequestsAsync(call, TimeSpan.FromSeconds(60));
            _brain.Process.Kill();
            await _brain.RestartAsync();
        }

        await using var reader = await _brain.ConnectAsync();
        await Eventually.HoldsAsync(async () =>
        {
            var closing = (await ExportCommandAccess.ReadHistoryAsync(reader, session))[^1].Event;
            var message = Assert.IsType<SystemMessage>(closing);
            Assert.Equal(SystemMessageLevel.Error, message.Level);
            Assert.StartsWith("This turn was stopped and resumed 2 times without getting any further, so it is closed", message.Text);
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(3, ModelCalls.Of(_fake));

        // Closed is closed: the next start has nothing to resume.
        _brain.Process.Kill();
        await _brain.RestartAsync();
        await using var again = await _brain.ConnectAsync();
        Assert.IsType<SystemMessage>((await ExportCommandAccess.ReadHistoryAsync(again, session))[^1].Event);
        await ModelCalls.StayAtAsync(_fake, 3);
    }
}
