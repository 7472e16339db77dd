using Akka.Actor;
using Anima.Actors.Gateway;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Sessions;

/// <summary>A client's feed of one session: history, then live events, each exactly once.</summary>
public sealed class SessionFeedSpecs() : BrainSpec(new TempHome())
{
    private readonly SessionSettings _settings = new(SnapshotEvery: 100, PassivateAfter: TimeSpan.FromMinutes(5));
    private readonly ClientSettings _clients = new(HistoryChunkEvents: 256, HistoryChunkBytes: 256_000, SilenceLimit: TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_feed_whose_session_stops_follows_the_next_one_and_misses_nothing_and_repeats_nothing()
    {
        var registry = Sys.ActorOf(SessionRegistry.Props(_settings), "sessions");
        registry.Tell(new StartSession("f1", null), TestActor);
        ExpectMsg<SessionCreated>();
        Say(registry, "f1", "before attaching");
        var client = CreateTestProbe();

        Sys.ActorOf(SessionFeed.Props(new Attach("f1"), client.Ref, registry, _clients));

        var history = client.ExpectMsg<HistoryChunk>();
        var done = history.Last ? history : client.ExpectMsg<HistoryChunk>(c => c.Last);
        Assert.Equal([1L, 2], history.Events.Select(e => e.Seq));
        Assert.Equal(2, done.HighestSeq);
        client.ExpectMsg<TurnInFlight>();
        Say(registry, "f1", "live");
        Assert.Equal(3, client.ExpectMsg<Journaled>().Seq);

        // The session actor goes away (a crash, a stop); its next incarnation is started by the next message.
        var session = await Sys.ActorSelection("/user/sessions/session-f1").ResolveOne(TimeSpan.FromSeconds(3));
        Watch(session);
        session.Tell(Kill.Instance);
        ExpectTerminated(session);
        Say(registry, "f1", "after the stop");
        Say(registry, "f1", "and after that");

        // Whatever the new incarnation's tail held comes as live events, and the turn as it stands after it.
        var seen = new List<long>();
        var toldTheTurn = false;
        while (seen.Count < 2 || !toldTheTurn)
        {
            switch (client.ExpectMsg<object>())
            {
                case Journaled journaled:
                    seen.Add(journaled.Seq);
                    break;
                case TurnInFlight:
                    toldTheTurn = true;
                    break;
            }
        }

        Assert.Equal([4L, 5], seen);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_client_attaching_mid_answer_gets_the_answer_so_far_after_the_history_and_before_what_follows()
    {
        var registry = Sys.ActorOf(SessionRegistry.Props(_settings), "sessions");
        registry.Tell(new StartSession("f2", null), TestActor);
        ExpectMsg<SessionCreated>();
        Say(registry, "f2", "slow: 10");
        registry.Tell(new PublishTransient(new TurnStarted("f2")));
        registry.Tell(new PublishTransient(new TextDelta("f2", "Echo")));
        registry.Tell(new PublishTransient(new TextDelta("f2", ": slo")));
        var client = CreateTestProbe();

        Sys.ActorOf(SessionFeed.Props(new Attach("f2", MaxHistory: 0), client.Ref, registry, _clients));
        client.ExpectMsg<HistoryChunk>(c => c.Last);
        var inFlight = client.ExpectMsg<TurnInFlight>();
        registry.Tell(new PublishTransient(new TextDelta("f2", "w: 10")));

        Assert.True(inFlight.Running);
        Assert.Equal("Echo: slo", inFlight.Text);
        Assert.Equal("w: 10", client.ExpectMsg<TextDelta>().Text);

        // Once the answer is journaled and the turn over, a client attaching later reads it in the history, and no turn runs.
        registry.Tell(new AppendEvents("f2", [new AgentMessage("Echo: slow: 10", DateTimeOffset.UtcNow)]), TestActor);
        ExpectMsg<EventsAppended>();
        registry.Tell(new PublishTransient(new TurnEnded("f2", TurnOutcome.Completed)));
        var later = CreateTestProbe();
        Sys.ActorOf(SessionFeed.Props(new Attach("f2"), later.Ref, registry, _clients));
        Assert.IsType<AgentMessage>(later.ExpectMsg<HistoryChunk>().Events[^1].Event);
        later.FishForMessage(m => m is HistoryChunk { Last: true });
        // The session's permission mode comes with it: its last change may lie before the history a client reads.
        Assert.Equal(TurnInFlight.Idle("f2") with { Mode = PermissionMode.Ask }, later.ExpectMsg<TurnInFlight>());
    }

    private void Say(IActorRef registry, string sessionId, string text)
    {
        registry.Tell(new AppendUserMessage(sessionId, text, Guid.NewGuid().ToString("N")), TestActor);
        ExpectMsg<UserMessageAccepted>();
    }
}
