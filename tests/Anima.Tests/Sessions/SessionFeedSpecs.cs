using Akka.Actor;
using Anima.Actors.Gateway;
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
        Say(registry, "f1", "live");
        Assert.Equal(3, client.ExpectMsg<Journaled>().Seq);

        // The session actor goes away (a crash, a stop); its next incarnation is started by the next message.
        var session = await Sys.ActorSelection("/user/sessions/session-f1").ResolveOne(TimeSpan.FromSeconds(3));
        Watch(session);
        session.Tell(Kill.Instance);
        ExpectTerminated(session);
        Say(registry, "f1", "after the stop");
        Say(registry, "f1", "and after that");

        Assert.Equal([4L, 5], new[] { client.ExpectMsg<Journaled>(), client.ExpectMsg<Journaled>() }.Select(j => j.Seq));
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    private void Say(IActorRef registry, string sessionId, string text)
    {
        registry.Tell(new AppendUserMessage(sessionId, text, Guid.NewGuid().ToString("N")), TestActor);
        ExpectMsg<UserMessageAccepted>();
    }
}
