using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Anima.Actors.Agent;
using Anima.Actors.Configuration;
using Anima.Actors.Sessions;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// One session's endocrine layer (<c>/user/thymos/mind-*</c>): feels the session's events as stimuli,
/// journals every hormone change (so a restarted brain feels the same), and answers the agent's reads
/// only once it has felt every event the agent has seen. It never tells the agent what to do.
/// </summary>
public sealed class ThymosSession : ReceivePersistentActor
{
    private const int RecentCapacity = 20;

    private readonly string _sessionId;
    private readonly GainTable _gains;
    private readonly IClock _clock;
    private readonly ActorSelection _sessions;
    private readonly Queue<HormoneChanged> _recent = new();
    private readonly List<(IActorRef ReplyTo, ReadMind Read)> _waitingReads = [];
    private MindState _state;
    private long _feltSeq;

    public ThymosSession(string sessionId, MindConfig config, GainTable gains, IClock clock)
    {
        _sessionId = sessionId;
        _gains = gains;
        _clock = clock;
        _state = MindState.Initial(config);
        _sessions = Context.ActorSelection(SessionRegistry.Path);

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (MindSnapshot)offer.Snapshot;
            _state = _state.Apply(snapshot);
            _feltSeq = snapshot.Levels.Select(l => l.SourceSeq).DefaultIfEmpty(0).Max();
        });
        Recover<HormoneChanged>(Remember);

        Command<Journaled>(journaled => Feel([journaled]));
        Command<ReadMind>(read =>
        {
            // The bus may not have brought what the loop has seen yet; feeling it here saves waiting for it.
            var waiting = (Sender, read);
            _waitingReads.Add(waiting);
            Feel(read.Seen, () =>
            {
                _waitingReads.Remove(waiting);
                waiting.Sender.Tell(Reading(read));
            });
        });
        Command<GetMind>(_ => Sender.Tell(Report()));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "mind-" + _sessionId;

    public static Props Props(string sessionId, MindConfig config, GainTable gains, IClock clock) =>
        Akka.Actor.Props.Create(() => new ThymosSession(sessionId, config, gains, clock));

    /// <summary>
    /// A change that could not be saved (a full disk) stops the mind, as Akka stops every persistent actor whose
    /// write failed; the agent waiting for a reading still gets one, from what the mind felt before, so its turn
    /// goes on (or meets the same fault where the user hears of it). Logged once a minute, like every storage fault.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
        var fault = StorageFault.From(cause, file) ?? StorageFault.Unexpected(cause, file);
        FaultLog.Get(Context.System).Error(Context.GetLogger(), fault.Kind.ToString(), $"The mind of session {_sessionId} could not save a change: {fault.Sentence}");
        foreach (var (replyTo, read) in _waitingReads)
        {
            replyTo.Tell(Reading(read));
        }

        _waitingReads.Clear();
    }

    /// <summary>
    /// Feels the events not felt yet, in order, and journals what they change; <paramref name="then"/> runs once
    /// the changes are durable (at once when there are none).
    /// </summary>
    private void Feel(IReadOnlyList<Journaled> events, Action? then = null)
    {
        var state = _state;
        var felt = _feltSeq;
        var changes = new List<HormoneChanged>();
        foreach (var journaled in events)
        {
            if (journaled.Seq <= felt)
            {
                continue;
            }

            foreach (var change in state.React(_sessionId, journaled.Event, _gains))
            {
                var stamped = change with { SourceSeq = journaled.Seq };
                state = state.Apply(stamped);
                changes.Add(stamped);
            }

            felt = journaled.Seq;
        }

        if (changes.Count == 0)
        {
            _feltSeq = felt;
            then?.Invoke();
            return;
        }

        var remaining = changes.Count;
        PersistAll(changes, change =>
        {
            Remember(change);
            if (--remaining == 0)
            {
                _feltSeq = Math.Max(_feltSeq, felt);
                if (LastSequenceNr % 100 == 0)
                {
                    // Stamped with the last felt event, so recovery knows how far the mind has felt.
                    var snapshot = _state.ToSnapshot(_sessionId);
                    SaveSnapshot(snapshot with { Levels = [.. snapshot.Levels.Select(l => l with { SourceSeq = _feltSeq })] });
                }

                // Through the session, so its followers see the change in order with its events.
                _sessions.Tell(new PublishTransient(new MindChanged(_sessionId, Readings())));
                then?.Invoke();
            }
        });
    }

    private void Remember(HormoneChanged change)
    {
        _state = _state.Apply(change);
        _feltSeq = Math.Max(_feltSeq, change.SourceSeq);
        _recent.Enqueue(change);
        while (_recent.Count > RecentCapacity)
        {
            _recent.Dequeue();
        }
    }

    private MindReading Reading(ReadMind read)
    {
        var now = _clock.Now;
        return new MindReading(InnerVoice.For(_state, now), ThinkingBudget.For(read.BaseThinkingBudget, _state, now, read.MaxTokens));
    }

    private IReadOnlyList<HormoneReading> Readings()
    {
        var now = _clock.Now;
        return _state.Config.Hormones.Select(h => new HormoneReading(
            h.Name,
            Math.Round(_state.Level(h.Name, now), 1),
            h.Baseline,
            h.Max,
            _recent.LastOrDefault(c => c.Hormone == h.Name)?.Delta ?? 0)).ToArray();
    }

    private MindReport Report() => new(_sessionId, Readings(), InnerVoice.For(_state, _clock.Now), _recent.Reverse().ToArray());
}
