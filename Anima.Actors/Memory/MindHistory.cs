using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Actors.Journal;
using Anima.Actors.Mind;
using Anima.Messages.Mind;

namespace Anima.Actors.Memory;

/// <summary>
/// One session's mind as its journal stream tells it (<see cref="ThymosSession"/>'s <see cref="HormoneChanged"/>
/// events, absolute levels with their time): how the agent felt at any moment, read as Thymos reads its own state —
/// each hormone's last change at or before then, decayed to then. What a memory made again from the journal carries
/// (the mind's levels now would be the wrong moment's).
/// </summary>
/// <remarks>
/// Read forward: moments asked in order (a session's messages are) fold each change in once; an earlier moment starts
/// the fold again. Not thread-safe: one reader at a time.
/// </remarks>
public sealed class MindHistory
{
    private readonly MindConfig _config;
    private readonly HormoneChanged[] _changes;
    private MindState _state;
    private int _applied;
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public MindHistory(MindConfig config, IEnumerable<HormoneChanged> changes)
    {
        _config = config;

        // In time order (stable: a hormone's changes are journaled in its time order, ties keep the journal's order).
        _changes = [.. changes.OrderBy(c => c.At)];
        _state = MindState.Initial(config);
    }

    /// <summary>Reads a session's whole mind stream from the journal.</summary>
    public static async Task<MindHistory> ReadAsync(MindConfig config, string sessionId, Akka.Actor.ActorSystem system, IMaterializer materializer)
    {
        var changes = await JournalStream.ReadJournal(system)
            .CurrentEventsByPersistenceId(ThymosSession.PersistenceIdOf(sessionId), 0, long.MaxValue)
            .Where(envelope => envelope.Event is HormoneChanged)
            .Select(envelope => (HormoneChanged)envelope.Event)
            .RunWith(Sink.Seq<HormoneChanged>(), materializer)
            .ConfigureAwait(false);
        return new MindHistory(config, changes);
    }

    /// <summary>How the agent felt at <paramref name="moment"/>, in the form a live memory takes it from the mind.</summary>
    public Feeling At(DateTimeOffset moment)
    {
        if (moment < _last)
        {
            _state = MindState.Initial(_config);
            _applied = 0;
        }

        _last = moment;
        while (_applied < _changes.Length && _changes[_applied].At <= moment)
        {
            _state = _state.Apply(_changes[_applied++]);
        }

        // As Thymos reports its levels (rounded to a tenth), so a memory made again reads as one made live.
        return Feeling.From([.. _config.Hormones.Select(h => new HormoneReading(h.Name, Math.Round(_state.Level(h.Name, moment), 1), h.Baseline, h.Max, 0))]);
    }
}
