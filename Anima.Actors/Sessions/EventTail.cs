using System.Collections;
using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// A session's most recent events, oldest first, as an immutable value: appending returns a new tail in
/// amortized O(1), and handing a tail to another actor costs nothing (no copy), however long it is.
/// </summary>
/// <remarks>
/// Versions share one array. A tail is a window <c>[start, start + count)</c> of it; appending writes the slot
/// just past the window and claims it, so the windows earlier versions handed out never change. When the
/// array is full, or another version has already claimed the slot (an old version appended to), the window is
/// copied to a fresh array first: that copy is at most <c>capacity</c> events, once every few thousand appends.
/// Only the session actor appends; readers on other threads see slots that were written before the message
/// carrying their tail was sent.
/// </remarks>
public sealed class EventTail : IReadOnlyList<Journaled>
{
    private const int MinimumArray = 8;

    private readonly Slots _slots;
    private readonly int _start;

    private EventTail(Slots slots, int start, int count)
    {
        _slots = slots;
        _start = start;
        Count = count;
    }

    public static EventTail Empty { get; } = new(new Slots(0), 0, 0);

    public int Count { get; }

    public Journaled this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The tail holds {Count} events.");
            }

            return _slots.Items[_start + index];
        }
    }

    /// <summary>A tail of the last <paramref name="capacity"/> of <paramref name="events"/> (a snapshot's, say).</summary>
    public static EventTail Of(IReadOnlyList<Journaled> events, int capacity)
    {
        var tail = Empty;
        for (var i = Math.Max(0, events.Count - capacity); i < events.Count; i++)
        {
            tail = tail.Append(events[i], capacity);
        }

        return tail;
    }

    /// <summary>This tail with <paramref name="journaled"/> at its end; the oldest event drops off past <paramref name="capacity"/>.</summary>
    public EventTail Append(Journaled journaled, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var start = _start;
        var count = Count;
        if (count >= capacity)
        {
            start += count - capacity + 1;
            count = capacity - 1;
        }

        var slots = _slots;
        var end = start + count;
        if (end == slots.Items.Length || Interlocked.CompareExchange(ref slots.Claimed, end + 1, end) != end)
        {
            // Full, or another version already wrote past this window: move the window to an array of its own,
            // growing with the session until it holds twice the capacity.
            var fresh = new Slots(Math.Min(Math.Max(MinimumArray, 2 * (count + 1)), 2 * capacity));
            Array.Copy(slots.Items, start, fresh.Items, 0, count);
            fresh.Claimed = count + 1;
            slots = fresh;
            start = 0;
            end = count;
        }

        slots.Items[end] = journaled;
        return new EventTail(slots, start, count + 1);
    }

    public Journaled[] ToArray() => _slots.Items.AsSpan(_start, Count).ToArray();

    public IEnumerator<Journaled> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _slots.Items[_start + i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The array versions share, and how many of its slots have been claimed by an append.</summary>
    private sealed class Slots(int length)
    {
        public readonly Journaled[] Items = new Journaled[length];

        public int Claimed;
    }
}
