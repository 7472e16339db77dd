using Akka.Actor;
using Akka.Hosting;
using Anima.Client;
using Anima.Client.Trust;
using Anima.Host.Brain;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Host.Tests;

/// <summary>
/// The brain's rooms composed in the reverse of the host's order: the gateway before the sessions it hands clients to,
/// the session list before the sessions, the sessions and Mneme before the mind. Each actor finds the others in the
/// registry whenever they are registered, so a client sees the same brain.
/// </summary>
public sealed class BrainCompositionOrderSpecs : ComposedBrain
{
    [Fact]
    public async Task A_client_is_answered_by_a_brain_whose_rooms_were_registered_in_reverse()
    {
        var port = ((ExtendedActorSystem)Sys).Provider.DefaultAddress.Port!.Value;
        await using var client = await BrainClient.ConnectAsync(new BrainAddress("127.0.0.1", port), ClientCredentials.FromHome(Home)!, "order-spec");

        // Through the gateway: the sessions, the mind's reading of one, the list, MCP.
        var id = await client.CreateSessionAsync("reversed");
        client.Attach(id);
        var accepted = await client.PostAsync(id, "hello, brain");
        var answer = await AgentAnswerAsync(client, id);
        Assert.Equal("Echo: hello, brain", answer.Text);

        var mind = await client.RequestAsync<MindReport>(new GetMind(id));
        Assert.Equal(id, mind.SessionId);
        Assert.NotEmpty(mind.Hormones);
        var listed = Assert.Single(await client.ListSessionsAsync(), s => s.SessionId == id);
        Assert.True(listed.LastSeq > accepted.Seq, $"the list shows seq {listed.LastSeq}, not the answer after {accepted.Seq}");
        Assert.Empty((await client.RequestAsync<McpServerList>(new GetMcpServers())).Servers);
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        BrainComposition.Rooms(Settings, Parts).Reverse().Aggregate(builder.AddAnimaSystem(Settings, Parts), (akka, room) => room(akka));

    private static async Task<AgentMessage> AgentAnswerAsync(BrainClient client, string sessionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var push in client.Pushes.ReadAllAsync(timeout.Token))
        {
            // Live, or in the history the attach reads first, if the answer came before the session was followed.
            var events = push switch
            {
                Journaled live => (IReadOnlyList<Journaled>)[live],
                HistoryChunk chunk => chunk.Events,
                _ => [],
            };
            if (events.FirstOrDefault(e => e.SessionId == sessionId && e.Event is AgentMessage) is { Event: AgentMessage message })
            {
                return message;
            }
        }

        throw new InvalidOperationException("The pushes ended without the agent's answer.");
    }
}
