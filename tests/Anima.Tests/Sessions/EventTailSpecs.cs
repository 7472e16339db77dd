using Anima.Actors.Sessions;
using Anima.Messages.Sessions;

namespace Anima.Tests.Sessions;

public sealed class EventTailSpecs
{
    [Fact]
    public void A_tail_keeps_the_newest_events_up_to_its_capacity_oldest_first()
    {
        var tail = Enumerable.Range(1, 25).Aggregate(EventTail.Empty, (t, seq) => t.Append(Event(seq), capacity: 10));

        Assert.Equal(Enumerable.Range(16, 10).Select(n => (long)n), tail.Select(j => j.Seq));
        Assert.Equal(16, tail[0].Seq);
        Assert.Equal(25, tail[^1].Seq);
    }

    [Fact]
    public void A_tail_handed_out_never_changes_when_the_session_appends_after_it()
    {
        var tail = Enumerable.Range(1, 5).Aggregate(EventTail.Empty, (t, seq) => t.Append(Event(seq), capacity: 6));
        var handedOut = tail;

        for (var seq = 6; seq <= 100; seq++)
        {
            tail = tail.Append(Event(seq), capacity: 6);
        }

        Assert.Equal([1L, 2, 3, 4, 5], handedOut.Select(j => j.Seq));
        Assert.Equal(Enumerable.Range(95, 6).Select(n => (long)n), tail.Select(j => j.Seq));
    }

    [Fact]
    public void Appending_to_an_older_tail_leaves_the_newer_one_alone()
    {
        var older = Enumerable.Range(1, 3).Aggregate(EventTail.Empty, (t, seq) => t.Append(Event(seq), capacity: 100));
        var newer = older.Append(Event(4), capacity: 100);

        var branch = older.Append(Event(40), capacity: 100);

        Assert.Equal([1L, 2, 3, 4], newer.Select(j => j.Seq));
        Assert.Equal([1L, 2, 3, 40], branch.Select(j => j.Seq));
    }

    [Fact]
    public void A_tail_from_a_snapshot_keeps_only_what_fits()
    {
        var events = Enumerable.Range(1, 50).Select(Event).ToArray();

        var tail = EventTail.Of(events, capacity: 20);

        Assert.Equal(Enumerable.Range(31, 20).Select(n => (long)n), tail.ToArray().Select(j => j.Seq));
        Assert.Throws<ArgumentOutOfRangeException>(() => tail[20]);
    }

    private static Journaled Event(int seq) => new("s", seq, new UserMessage($"message {seq}", DateTimeOffset.UnixEpoch));
}
