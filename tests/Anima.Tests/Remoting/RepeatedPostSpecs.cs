using Anima.Client;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Remoting;

/// <summary>A client that posts again what it already posted (its acknowledgement lost), against a real brain process.</summary>
[Collection("processes")]
public sealed class RepeatedPostSpecs
{
    [Fact]
    public async Task A_post_repeated_with_its_correlation_id_is_journaled_once_even_across_a_restart_and_the_same_text_from_elsewhere_is_not()
    {
        await using var brain = await RunningBrain.StartAsync();
        string sessionId;
        long first;
        await using (var client = await brain.ConnectAsync("first"))
        {
            sessionId = await client.CreateSessionAsync("repeats");

            // Twice at once (the second reaches the session while the first is being written), then once more.
            var twice = await Task.WhenAll(Post(client, sessionId, "yes", "c-1"), Post(client, sessionId, "yes", "c-1"));
            first = twice[0].Seq;
            Assert.Equal(first, twice[1].Seq);
            Assert.Equal(first, (await Post(client, sessionId, "yes", "c-1")).Seq);

            // Another client's "yes" is a message of its own.
            await using var other = await brain.ConnectAsync("second");
            Assert.NotEqual(first, (await Post(other, sessionId, "yes", "c-2")).Seq);
        }

        await brain.RestartAsync();
        await using var late = await brain.ConnectAsync("after the restart");
        Assert.Equal(first, (await Post(late, sessionId, "yes", "c-1")).Seq);

        var posts = (await History(late, sessionId)).Select(j => j.Event).OfType<UserMessage>().ToList();
        Assert.Equal([("yes", "c-1"), ("yes", "c-2")], posts.Select(p => (p.Text, p.CorrelationId)));
    }

    private static Task<UserMessageAccepted> Post(BrainClient client, string sessionId, string text, string correlationId) =>
        client.RequestAsync<UserMessageAccepted>(new PostUserMessage(sessionId, text, correlationId));

    private static async Task<List<Journaled>> History(BrainClient client, string sessionId)
    {
        client.Attach(sessionId);
        var events = new List<Journaled>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var push in client.Pushes.ReadAllAsync(timeout.Token))
        {
            if (push is HistoryChunk chunk)
            {
                events.AddRange(chunk.Events);
                if (chunk.Last)
                {
                    return events;
                }
            }
        }

        return events;
    }
}
