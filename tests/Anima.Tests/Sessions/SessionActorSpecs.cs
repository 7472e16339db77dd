using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Anima.Tests.Sessions;

public sealed class SessionActorSpecs() : BrainSpec(new TempHome(), "anima.sessions { snapshot-every = 5, passivate-after = 300ms }")
{
    private readonly SessionSettings _settings = new(SnapshotEvery: 5, PassivateAfter: TimeSpan.FromMinutes(5));

    [Fact]
    public void A_user_message_is_persisted_then_acknowledged_and_published_with_its_sequence_number()
    {
        var follower = CreateTestProbe();
        var bus = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(Topics.AllSessions, bus.Ref), bus.Ref);
        bus.ExpectMsg<SubscribeAck>();
        var session = Sys.ActorOf(SessionActor.Props("s1", _settings));

        session.Tell(new StartSession("s1", null), TestActor);
        ExpectMsg<SessionCreated>(c => c.SessionId == "s1");
        session.Tell(new FollowSession("s1"), follower.Ref);
        Assert.IsType<SessionStarted>(Assert.Single(follower.ExpectMsg<SessionTail>().Events).Event);
        session.Tell(new AppendUserMessage("s1", "hello", "c1"), TestActor);

        var accepted = ExpectMsg<UserMessageAccepted>();
        Assert.Equal((2L, "c1"), (accepted.Seq, accepted.CorrelationId));
        Assert.Equal(2, follower.ExpectMsg<Journaled>().Seq);
        Assert.IsType<SessionStarted>(bus.ExpectMsg<Journaled>().Event);
        var published = bus.ExpectMsg<Journaled>();
        Assert.Equal(2, published.Seq);
        Assert.Equal("hello", Assert.IsType<UserMessage>(published.Event).Text);
        Assert.Equal(1, CountRows("SELECT count(*) FROM anima_events WHERE persistence_id = 'session-s1' AND sequence_nr = 2"));
    }

    [Fact]
    public void Messages_posted_in_a_burst_are_acknowledged_followed_and_recovered_in_the_order_they_were_posted()
    {
        var follower = CreateTestProbe();
        var session = Sys.ActorOf(SessionActor.Props("burst", _settings));
        session.Tell(new StartSession("burst", null), TestActor);
        ExpectMsg<SessionCreated>();
        session.Tell(new FollowSession("burst"), follower.Ref);
        follower.ExpectMsg<SessionTail>();

        // Written while earlier ones are still in flight, with an agent's reply in the middle of the burst.
        for (var i = 1; i <= 40; i++)
        {
            session.Tell(new AppendUserMessage("burst", $"m{i}", $"c{i}"), TestActor);
            if (i == 20)
            {
                session.Tell(new AppendEvents("burst", [new AgentMessage("a reply", DateTimeOffset.UtcNow)]), TestActor);
            }
        }

        var replies = ReceiveN(41, TimeSpan.FromSeconds(10));
        var accepted = replies.OfType<UserMessageAccepted>().ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"c{i}"), accepted.Select(a => a.CorrelationId));
        Assert.Equal(accepted.Select(a => a.Seq).Order(), accepted.Select(a => a.Seq));
        Assert.Equal(22L, Assert.Single(replies.OfType<EventsAppended>()).LastSeq);
        var expected = Enumerable.Range(1, 20).Select(i => $"m{i}").Append("a reply").Concat(Enumerable.Range(21, 20).Select(i => $"m{i}")).ToList();
        var followed = Enumerable.Range(0, 41).Select(_ => follower.ExpectMsg<Journaled>()).ToList();
        Assert.Equal(Enumerable.Range(2, 41).Select(n => (long)n), followed.Select(j => j.Seq));
        Assert.Equal(expected, followed.Select(j => Text(j.Event)));

        Watch(session);
        Sys.Stop(session);
        ExpectTerminated(session);
        var recovered = Sys.ActorOf(SessionActor.Props("burst", _settings));
        recovered.Tell(new GetTail("burst"), TestActor);
        Assert.Equal(expected, ExpectMsg<SessionTail>().Events.Skip(1).Select(j => Text(j.Event)));

        static string Text(ISessionEvent evt) => evt switch { UserMessage m => m.Text, AgentMessage a => a.Text, _ => evt.GetType().Name };
    }

    [Fact]
    public void A_stopped_session_recovers_its_state_from_the_journal()
    {
        var session = Sys.ActorOf(SessionActor.Props("s2", _settings));
        session.Tell(new StartSession("s2", null), TestActor);
        ExpectMsg<SessionCreated>();
        session.Tell(new AppendUserMessage("s2", "first question\nwith detail", "c1"), TestActor);
        ExpectMsg<UserMessageAccepted>();
        session.Tell(new AppendEvents("s2", [new AgentMessage("an answer", DateTimeOffset.UtcNow)]), TestActor);
        ExpectMsg<EventsAppended>(a => a.LastSeq == 3);
        Watch(session);
        Sys.Stop(session);
        ExpectTerminated(session);

        var recovered = Sys.ActorOf(SessionActor.Props("s2", _settings));
        recovered.Tell(new GetSessionInfo("s2"), TestActor);

        var info = ExpectMsg<SessionInfo>();
        Assert.Equal(("first question", 3L, 2), (info.Title, info.LastSeq, info.MessageCount));
    }

    [Fact]
    public void A_snapshot_is_taken_every_N_events_and_recovery_starts_from_it()
    {
        var session = Sys.ActorOf(SessionActor.Props("s3", _settings));
        session.Tell(new StartSession("s3", "snapshots"), TestActor);
        ExpectMsg<SessionCreated>();
        for (var i = 1; i <= 11; i++)
        {
            session.Tell(new AppendUserMessage("s3", $"m{i}", $"c{i}"), TestActor);
            ExpectMsg<UserMessageAccepted>();
        }

        AwaitAssert(() => Assert.Equal(10, CountRows("SELECT max(sequence_nr) FROM anima_snapshots WHERE persistence_id = 'session-s3'")));
        Watch(session);
        Sys.Stop(session);
        ExpectTerminated(session);

        // The events the snapshot covers are removed from the journal: only the snapshot can bring them back.
        using (var connection = Open())
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM anima_events WHERE persistence_id = 'session-s3' AND sequence_nr <= 10";
            delete.ExecuteNonQuery();
        }

        var recovered = Sys.ActorOf(SessionActor.Props("s3", _settings));
        recovered.Tell(new GetSessionInfo("s3"), TestActor);
        var info = ExpectMsg<SessionInfo>();
        Assert.Equal(("snapshots", 12L, 11), (info.Title, info.LastSeq, info.MessageCount));
        Assert.Equal(1, CountRows("SELECT count(*) FROM anima_snapshots WHERE persistence_id = 'session-s3'"));
    }

    [Fact]
    public void A_post_repeated_with_its_correlation_id_is_journaled_once_and_answered_with_the_first_acknowledgement()
    {
        var session = Sys.ActorOf(SessionActor.Props("repeat", _settings));
        session.Tell(new StartSession("repeat", null), TestActor);
        ExpectMsg<SessionCreated>();

        // The same post three times in a row: the later ones arrive while the first is being written.
        session.Tell(new AppendUserMessage("repeat", "yes", "c1"), TestActor);
        session.Tell(new AppendUserMessage("repeat", "yes", "c1"), TestActor);
        session.Tell(new AppendUserMessage("repeat", "yes", "other-client"), TestActor);
        session.Tell(new AppendUserMessage("repeat", "yes", "c1"), TestActor);
        var acks = ReceiveN(4, TimeSpan.FromSeconds(10)).Cast<UserMessageAccepted>().ToList();
        Assert.Equal([2L, 2L, 2L], acks.Where(a => a.CorrelationId == "c1").Select(a => a.Seq));
        Assert.Equal(3L, Assert.Single(acks, a => a.CorrelationId == "other-client").Seq); // the same text from elsewhere

        // After a snapshot (every 5 events) and a recovery from it, the post is still known.
        for (var i = 1; i <= 4; i++)
        {
            session.Tell(new AppendUserMessage("repeat", $"m{i}", $"m{i}"), TestActor);
            ExpectMsg<UserMessageAccepted>();
        }

        AwaitAssert(() => Assert.Equal(5, CountRows("SELECT max(sequence_nr) FROM anima_snapshots WHERE persistence_id = 'session-repeat'")));
        Stop(session);
        using (var connection = Open())
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM anima_events WHERE persistence_id = 'session-repeat' AND sequence_nr <= 5"; // the snapshot's alone
            delete.ExecuteNonQuery();
        }

        var recovered = Sys.ActorOf(SessionActor.Props("repeat", _settings));
        recovered.Tell(new AppendUserMessage("repeat", "yes", "c1"), TestActor);
        var again = ExpectMsg<UserMessageAccepted>();
        Assert.Equal((2L, "c1"), (again.Seq, again.CorrelationId));
        recovered.Tell(new GetTail("repeat"), TestActor);
        var users = ExpectMsg<SessionTail>().Events.Select(e => e.Event).OfType<UserMessage>().ToList();
        Assert.Equal(["c1", "other-client", "m1", "m2", "m3", "m4"], users.Select(u => u.CorrelationId));
        Assert.Equal(7, CountRows("SELECT max(sequence_nr) FROM anima_events WHERE persistence_id = 'session-repeat'"));
    }

    [Fact]
    public async Task An_idle_session_is_passivated_and_recovers_on_the_next_message_without_losing_it()
    {
        var registry = RegistryWithSession("s4", TimeSpan.FromMilliseconds(300));
        registry.Tell(new AppendUserMessage("s4", "before", "c1"), TestActor);
        ExpectMsg<UserMessageAccepted>();
        var child = await Loaded("s4");
        Watch(child);

        ExpectTerminated(child, TimeSpan.FromSeconds(5));
        registry.Tell(new AppendUserMessage("s4", "after", "c2"), TestActor);

        Assert.Equal(3, ExpectMsg<UserMessageAccepted>().Seq);
        registry.Tell(new GetSessionInfo("s4"), TestActor);
        Assert.Equal(2, ExpectMsg<SessionInfo>().MessageCount);
    }

    [Fact]
    public async Task A_session_that_keeps_getting_messages_stays_loaded_however_long_it_is_busy()
    {
        var passivateAfter = TimeSpan.FromSeconds(1);
        var registry = RegistryWithSession("busy", passivateAfter);
        var child = await Loaded("busy");
        var watcher = CreateTestProbe();
        watcher.Watch(child);

        // Two and a half times the passivation delay, with a message every tenth of it. The widest window in which
        // the session may have heard nothing runs from one send to the next reply: a stalled machine (load 25) can
        // stretch it past the delay, and then the session may go; in time, never.
        var widest = TimeSpan.Zero;
        var previousSend = DateTime.UtcNow;
        for (var i = 0; i < 25 && !watcher.HasMessages; i++)
        {
            var send = DateTime.UtcNow;
            registry.Tell(new GetSessionInfo("busy"), TestActor);
            ExpectMsg<SessionInfo>();
            var window = DateTime.UtcNow - previousSend;
            widest = window > widest ? window : widest;
            previousSend = send;
            watcher.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        }

        if (watcher.HasMessages)
        {
            Assert.True(widest >= passivateAfter - TimeSpan.FromMilliseconds(50), $"a busy session was passivated (messages at most {widest.TotalMilliseconds:0} ms apart)");
        }

        // Then, left alone, it goes.
        watcher.ExpectTerminated(child, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Once_enough_sessions_went_idle_the_brain_gives_their_memory_back_once()
    {
        var registry = Sys.ActorOf(SessionRegistry.Props(_settings with { PassivateAfter = TimeSpan.FromMilliseconds(300), TrimMemoryAfter = 3 }), "sessions");

        EventFilter.Info(contains: "3 sessions went idle: gave back").ExpectOne(TimeSpan.FromSeconds(20), () =>
        {
            foreach (var id in new[] { "idle-1", "idle-2", "idle-3" })
            {
                registry.Tell(new StartSession(id, null), TestActor);
                ExpectMsg<SessionCreated>();
            }
        });
    }

    [Fact]
    public async Task A_followed_session_stays_loaded_and_is_passivated_once_its_last_follower_stops()
    {
        var registry = RegistryWithSession("s5", TimeSpan.FromMilliseconds(300));
        var follower = CreateTestProbe();
        registry.Tell(new FollowSession("s5"), follower.Ref);
        follower.ExpectMsg<SessionTail>();
        var child = await Loaded("s5");
        Watch(child);

        ExpectNoMsg(TimeSpan.FromSeconds(1));
        registry.Tell(new PublishTransient(new TurnStarted("s5")), TestActor);
        follower.ExpectMsg<TurnStarted>();
        Sys.Stop(follower.Ref);

        ExpectTerminated(child, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_live_signal_for_a_session_that_is_not_loaded_is_dropped_without_loading_it()
    {
        var registry = RegistryWithSession("s6", TimeSpan.FromMilliseconds(200));
        var child = await Loaded("s6");
        Watch(child);
        ExpectTerminated(child, TimeSpan.FromSeconds(5));

        registry.Tell(new PublishTransient(new TurnStarted("s6")), TestActor);
        registry.Tell(new Identify("after the signal"), TestActor);
        ExpectMsg<ActorIdentity>();

        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/sessions/session-s6").ResolveOne(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Once_the_session_list_has_caught_up_the_most_recent_session_is_loaded_before_anyone_asks_for_it()
    {
        foreach (var id in new[] { "older", "latest" })
        {
            var session = Sys.ActorOf(SessionActor.Props(id, _settings));
            session.Tell(new StartSession(id, null), TestActor);
            ExpectMsg<SessionCreated>();
            session.Tell(new AppendUserMessage(id, $"hello from {id}", "c"), TestActor);
            ExpectMsg<UserMessageAccepted>();
            session.Tell(new AppendEvents(id, [new AgentMessage("hello", DateTimeOffset.UtcNow)]), TestActor);
            ExpectMsg<EventsAppended>(); // answered: no open turn brings it back
            Watch(session);
            Sys.Stop(session);
            ExpectTerminated(session);
        }

        var registry = Sys.ActorOf(SessionRegistry.Props(_settings), "sessions");
        Sys.ActorOf(SessionIndex.Props(new SessionIndexStore(ConnectionString), registry), "session-index");

        await AwaitAssertAsync(() => Sys.ActorSelection("/user/sessions/session-latest").ResolveOne(TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/sessions/session-older").ResolveOne(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_message_to_a_session_that_does_not_exist_is_refused_and_writes_nothing()
    {
        var registry = Sys.ActorOf(SessionRegistry.Props(_settings), "sessions");

        registry.Tell(new AppendUserMessage("nope", "hello?", "c1"), TestActor);

        Assert.Contains("no session 'nope'", ExpectMsg<RequestFailed>().Reason);
        Assert.Equal(0, CountRows("SELECT count(*) FROM anima_events WHERE persistence_id = 'session-nope'"));
    }

    /// <summary>A registry (at /user/sessions) that passivates after <paramref name="passivateAfter"/>, with one session started in it.</summary>
    private IActorRef RegistryWithSession(string sessionId, TimeSpan passivateAfter)
    {
        var registry = Sys.ActorOf(SessionRegistry.Props(_settings with { PassivateAfter = passivateAfter }), "sessions");
        registry.Tell(new StartSession(sessionId, null), TestActor);
        ExpectMsg<SessionCreated>();
        return registry;
    }

    /// <summary>The session's actor, while the registry has it loaded.</summary>
    private Task<IActorRef> Loaded(string sessionId) => Sys.ActorSelection($"/user/sessions/session-{sessionId}").ResolveOne(TimeSpan.FromSeconds(3));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
