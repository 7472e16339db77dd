using Akka.Actor;
using Anima.Client;
using Anima.Client.Trust;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Remoting;

/// <summary>A real brain process and this test process as its client, over loopback TCP.</summary>
[Collection("processes")]
public sealed class RemoteClientSpecs : IAsyncLifetime
{
    private RunningBrain _brain = null!;

    public async Task InitializeAsync() => _brain = await RunningBrain.StartAsync();

    public async Task DisposeAsync() => await _brain.DisposeAsync();

    [Fact]
    public async Task Attaching_after_N_while_messages_are_written_yields_exactly_the_rest_of_the_stream()
    {
        await using var writer = await _brain.ConnectAsync("writer");
        var sessionId = await writer.CreateSessionAsync("attach test");
        for (var i = 1; i <= 100; i++)
        {
            await writer.PostAsync(sessionId, $"before {i}");
        }

        var writing = Task.Run(async () =>
        {
            long last = 0;
            for (var i = 1; i <= 300; i++)
            {
                last = (await writer.PostAsync(sessionId, $"during {i}")).Seq;
            }

            return last;
        });

        await using var reader = await _brain.ConnectAsync("reader");
        reader.Attach(sessionId, afterSeq: 50);
        var finalSeq = await writing;

        var seen = new List<long>();
        var historyDone = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var push in reader.Pushes.ReadAllAsync(timeout.Token))
        {
            switch (push)
            {
                case HistoryChunk chunk:
                    Assert.False(historyDone, "history after the switch to live events");
                    seen.AddRange(chunk.Events.Select(e => e.Seq));
                    historyDone = chunk.Last;
                    break;
                case Journaled live:
                    seen.Add(live.Seq);
                    break;
            }

            if (seen.Count > 0 && seen[^1] == finalSeq)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(51, (int)finalSeq - 50).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task A_client_with_a_wrong_token_is_refused_and_cannot_touch_a_session()
    {
        await using var good = await _brain.ConnectAsync("good");
        var sessionId = await good.CreateSessionAsync("private");

        var wrongToken = ClientCredentials.FromHome(_brain.Home.Home)! with { Token = "not-the-token" };
        var refused = await Assert.ThrowsAsync<BrainUnavailableException>(() =>
            BrainClient.ConnectAsync(_brain.Address, wrongToken, "intruder"));
        Assert.Contains("refused the client token", refused.Message);

        // Going around the gateway: requests sent to it without Hello, and selections of other actors.
        var system = ClientSystem.Create("intruder", wrongToken, _brain.Address);
        try
        {
            var gateway = system.ActorSelection(_brain.Address.GatewayPath);
            var reply = await gateway.Ask<object>(new PostUserMessage(sessionId, "sneaky", "x"), TimeSpan.FromSeconds(10));
            Assert.IsType<Refused>(reply);

            var sessions = system.ActorSelection($"{_brain.Address.SystemAddress}/user/sessions");
            sessions.Tell(new PostUserMessage(sessionId, "sneakier", "y"));
            await Assert.ThrowsAsync<ActorNotFoundException>(() => sessions.ResolveOne(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            await system.Terminate();
        }

        var history = await Cli.ExportCommandAccess.ReadHistoryAsync(good, sessionId);
        Assert.DoesNotContain(history, e => e.Event is UserMessage);
    }

    [Fact]
    public async Task Posting_to_an_unknown_session_says_so()
    {
        await using var client = await _brain.ConnectAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsync("doesnotexist", "hi"));

        Assert.Contains("no session 'doesnotexist'", ex.Message);
    }

    [Fact]
    public async Task A_client_that_dies_is_dropped_and_the_brain_keeps_serving_others()
    {
        var first = await _brain.ConnectAsync("doomed");
        var sessionId = await first.CreateSessionAsync();
        first.Attach(sessionId);
        await using var watcher = await _brain.ConnectAsync("watcher");
        Assert.Equal(1, (await watcher.StatusAsync()).ClientCount); // the doomed one; the watcher asking is not counted

        await first.DisposeAsync();

        await Eventually.HoldsAsync(async () => Assert.Equal(0, (await watcher.StatusAsync()).ClientCount), TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await watcher.PostAsync(sessionId, "still here")).Seq);
    }
}
