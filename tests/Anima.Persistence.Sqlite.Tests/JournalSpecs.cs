using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>The journal under load and misuse: many writers at once, writes that never pause, bad events, two writers of one stream.</summary>
public sealed class JournalSpecs() : PluginSpec()
{
    [Fact]
    public void Many_actors_persisting_at_once_each_recover_all_their_events_in_order()
    {
        var recorders = Enumerable.Range(0, 50).Select(i => Sys.ActorOf(Recorder.Props($"many-{i}"))).ToList();

        foreach (var recorder in recorders)
        {
            for (var n = 1; n <= 20; n++)
            {
                recorder.Tell(new Record($"event {n}"), TestActor);
            }
        }

        ReceiveN(50 * 20, TimeSpan.FromSeconds(30));
        for (var i = 0; i < recorders.Count; i++)
        {
            Stop(recorders[i]);
            var recovered = Sys.ActorOf(Recorder.Props($"many-{i}"));
            recovered.Tell(Recorder.GetEvents.Instance, TestActor);
            Assert.Equal(Enumerable.Range(1, 20).Select(n => $"event {n}"), ExpectMsg<Recorder.Events>().Items);
        }
    }

    [Fact]
    public void Under_writes_that_never_pause_the_write_ahead_log_is_reused_instead_of_growing()
    {
        // Twenty streams writing as fast as they are acknowledged, for two seconds and at least 2,000 events (a
        // loaded machine may take longer for them): a checkpoint never finds the log idle. Without the restarting
        // checkpoint the log grows by every page every commit dirties (hundreds of MB here); with it, it stays near
        // the writer's checkpoint threshold (64 MB).
        var recorders = Enumerable.Range(0, 20).Select(i => Sys.ActorOf(Recorder.Props($"sustained-{i}"))).ToList();
        var wal = DatabaseFile + "-wal";
        var started = DateTime.UtcNow;
        var largest = 0L;
        var written = 0;
        recorders.ForEach(r => r.Tell(new Record(new string('x', 200)), TestActor));
        while ((DateTime.UtcNow - started < TimeSpan.FromSeconds(2) || written < 2_000) && DateTime.UtcNow - started < TimeSpan.FromSeconds(60))
        {
            ExpectMsg<long>(TimeSpan.FromSeconds(10));
            LastSender.Tell(new Record(new string('x', 200)), TestActor);
            written++;
            largest = Math.Max(largest, new FileInfo(wal).Length);
        }

        ReceiveN(recorders.Count, TimeSpan.FromSeconds(10));
        Assert.True(written > 1_000, $"only {written} events were written");
        Assert.True(largest < 96 * 1024 * 1024, $"the WAL reached {largest / 1048576.0:0.0} MB after {written} events");
    }

    [Fact]
    public void An_event_that_cannot_be_serialized_is_rejected_and_the_actor_goes_on()
    {
        var recorder = Sys.ActorOf(Recorder.Props("rejecting"));

        recorder.Tell(new Record(new Unserializable()), TestActor);
        Assert.StartsWith("rejected", ExpectMsg<string>());
        recorder.Tell(new Record("after"), TestActor);
        ExpectMsg<long>(seq => seq == 2);

        Stop(recorder);
        var recovered = Sys.ActorOf(Recorder.Props("rejecting"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);
        Assert.Equal(["after"], ExpectMsg<Recorder.Events>().Items);
    }

    [Fact]
    public void Two_writers_of_one_stream_cannot_both_write_its_next_event_and_nobody_else_is_hurt()
    {
        var first = Sys.ActorOf(Recorder.Props("contested"));
        var second = Sys.ActorOf(Recorder.Props("contested"));
        var bystander = Sys.ActorOf(Recorder.Props("bystander"));
        foreach (var recorder in new[] { first, second, bystander })
        {
            recorder.Tell(Recorder.GetEvents.Instance, TestActor);
            ExpectMsg<Recorder.Events>();
        }

        first.Tell(new Record("from first"), TestActor);
        second.Tell(new Record("from second"), TestActor);
        bystander.Tell(new Record("unrelated"), TestActor);

        var replies = ReceiveN(3, TimeSpan.FromSeconds(10));
        Assert.Equal(2, replies.Count(r => r is long seq && seq == 1));
        Assert.Single(replies, r => r is string s && s.StartsWith("failed", StringComparison.Ordinal));
        var recovered = Sys.ActorOf(Recorder.Props("contested"), "contested-again");
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);
        Assert.Single(ExpectMsg<Recorder.Events>().Items);
    }

    [Fact]
    public void Deleting_events_keeps_the_sequence_numbers_going_on_from_the_highest()
    {
        var recorder = Sys.ActorOf(Recorder.Props("deleting"));
        RecordOneByOne(recorder, 3);

        recorder.Tell(new Recorder.DeleteUpTo(3), TestActor);
        ExpectMsg<DeleteMessagesSuccess>();
        Stop(recorder);

        var recovered = Sys.ActorOf(Recorder.Props("deleting"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);
        Assert.Empty(ExpectMsg<Recorder.Events>().Items);
        recovered.Tell(new Record("event 4"), TestActor);
        ExpectMsg<long>(seq => seq == 4);
    }

    [Fact]
    public void Recovery_starts_from_the_newest_snapshot_and_replays_only_what_follows()
    {
        var recorder = Sys.ActorOf(Recorder.Props("snapshotting"));
        recorder.Tell(new Record("one"), TestActor);
        ExpectMsg<long>();
        recorder.Tell(Recorder.TakeSnapshot.Instance, TestActor);
        ExpectMsg<SaveSnapshotSuccess>();
        recorder.Tell(new Record("two"), TestActor);
        ExpectMsg<long>();
        recorder.Tell(Recorder.TakeSnapshot.Instance, TestActor);
        ExpectMsg<SaveSnapshotSuccess>();
        recorder.Tell(new Record("three"), TestActor);
        ExpectMsg<long>();
        Stop(recorder);

        var recovered = Sys.ActorOf(Recorder.Props("snapshotting"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);
        var events = ExpectMsg<Recorder.Events>();
        Assert.Equal(["one", "two", "three"], events.Items);
        Assert.Equal((2L, 1), (events.FromSnapshot, events.Replayed));
    }

    [Fact]
    public async Task The_read_journal_pages_through_a_long_stream_within_its_bounds()
    {
        var recorder = Sys.ActorOf(Recorder.Props("long"));
        recorder.Tell(new Recorder.RecordMany(Enumerable.Range(1, 2500).Select(n => (object)$"event {n}").ToArray()), TestActor);
        ExpectMsg<long>(seq => seq == 2500, TimeSpan.FromSeconds(30));

        var middle = await ReadJournal.CurrentEventsByPersistenceId("long", 2, 2400).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());

        Assert.Equal(Enumerable.Range(2, 2399).Select(n => (long)n), middle.Select(e => e.SequenceNr));
        Assert.Equal("event 2400", middle[^1].Event);
    }

    [Fact]
    public async Task A_tag_query_returns_what_was_written_after_an_offset_in_write_order()
    {
        var recorder = Sys.ActorOf(Recorder.Props("tagged"));
        recorder.Tell(new Record(new Tagged("first", ["t"])), TestActor);
        ExpectMsg<long>();
        recorder.Tell(new Record("untagged"), TestActor);
        ExpectMsg<long>();
        var journal = ReadJournal;
        var before = await journal.CurrentEventsByTag("t", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        recorder.Tell(new Record(new Tagged("second", ["t"])), TestActor);
        ExpectMsg<long>();
        recorder.Tell(new Record(new Tagged("third", ["t", "u"])), TestActor);
        ExpectMsg<long>();

        var after = await journal.CurrentEventsByTag("t", before[^1].Offset).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());

        Assert.Equal(["first"], before.Select(e => e.Event));
        Assert.Equal(["second", "third"], after.Select(e => e.Event));
        Assert.True(((Sequence)after[0].Offset).Value < ((Sequence)after[1].Offset).Value);
    }

    [Fact]
    public async Task Tagged_events_sharing_a_commit_with_a_refused_write_are_each_found_once_by_their_tag()
    {
        var first = Sys.ActorOf(Recorder.Props("contested-tags"));
        var second = Sys.ActorOf(Recorder.Props("contested-tags"));
        var bystanders = Enumerable.Range(0, 20).Select(n => Sys.ActorOf(Recorder.Props($"tag-bystander-{n}"))).ToList();
        foreach (var recorder in bystanders.Append(first).Append(second))
        {
            recorder.Tell(Recorder.GetEvents.Instance, TestActor);
            ExpectMsg<Recorder.Events>();
        }

        // Sent together, so they meet in one commit; one of the contested pair is refused and the commit is redone.
        first.Tell(new Record(new Tagged("contested by first", ["shared"])), TestActor);
        second.Tell(new Record(new Tagged("contested by second", ["shared"])), TestActor);
        for (var n = 0; n < bystanders.Count; n++)
        {
            bystanders[n].Tell(new Record(new Tagged($"bystander {n}", ["shared", "other"])), TestActor);
        }

        var replies = ReceiveN(bystanders.Count + 2, TimeSpan.FromSeconds(10));
        Assert.Single(replies, r => r is string s && s.StartsWith("failed", StringComparison.Ordinal));
        var journal = ReadJournal;
        var shared = await journal.CurrentEventsByTag("shared", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        var other = await journal.CurrentEventsByTag("other", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());

        Assert.Equal(bystanders.Count + 1, shared.Count);
        Assert.Single(shared, e => ((string)e.Event).StartsWith("contested", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, bystanders.Count).Select(n => $"bystander {n}").Order(), other.Select(e => (string)e.Event).Order());
    }

    [Fact]
    public void Replay_keeps_within_its_bounds_and_count_and_always_reports_the_highest_sequence_number()
    {
        RecordOneByOne(Sys.ActorOf(Recorder.Props("bounded")), 5);
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

        journal.Tell(new ReplayMessages(2, 4, 2, "bounded", TestActor), TestActor);
        Assert.Equal([2L, 3L], new[] { ExpectMsg<ReplayedMessage>(), ExpectMsg<ReplayedMessage>() }.Select(m => m.Persistent.SequenceNr));
        Assert.Equal(5, ExpectMsg<RecoverySuccess>().HighestSequenceNr);

        journal.Tell(new ReplayMessages(2, 4, 0, "bounded", TestActor), TestActor);
        Assert.Equal(5, ExpectMsg<RecoverySuccess>().HighestSequenceNr);
    }

    [Fact]
    public void A_write_of_several_events_is_atomic_one_that_cannot_be_serialized_keeps_the_others_out()
    {
        var recorder = Sys.ActorOf(Recorder.Props("atomic"));
        recorder.Tell(new Recorder.RecordMany(["fine", new Unserializable(), "also fine"]), TestActor);
        // Akka tells the actor of each event of the rejected write.
        Assert.All(ReceiveN(3), reply => Assert.StartsWith("rejected", (string)reply));
        Stop(recorder);

        var recovered = Sys.ActorOf(Recorder.Props("atomic"));
        recovered.Tell(Recorder.GetEvents.Instance, TestActor);

        Assert.Empty(ExpectMsg<Recorder.Events>().Items);
        Assert.Equal(0, CountRows("SELECT count(*) FROM anima_events WHERE persistence_id = 'atomic'"));
    }

    /// <summary>Newtonsoft (Akka's default for unbound types) fails on a property that throws.</summary>
    private sealed class Unserializable
    {
        public string Value => throw new InvalidOperationException("not serializable");
    }
}
