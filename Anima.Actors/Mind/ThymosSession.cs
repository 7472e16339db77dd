using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence;
using Anima.Actors.Faults;
using Anima.Actors.Protocol;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// One session's endocrine layer (<c>/user/thymos/mind-*</c>): feels the session's events and the appraised stimuli,
/// journals every hormone change (so a restarted brain feels the same), and answers the agent's reads with the
/// felt state, having felt every event the agent has seen. It never tells the agent what to do.
/// </summary>
/// <remarks>
/// A change counts as felt the moment it is decided; its journal write follows (<c>PersistAllAsync</c>), so a read
/// never waits for the disk. The changes are absolute levels, so a snapshot that already holds one replays it
/// harmlessly.
/// </remarks>
public sealed class ThymosSession : ReceivePersistentActor
{
    private const int RecentCapacity = 60;
    private const int SnapshotEvery = 100;

    private readonly string _sessionId;
    private readonly IClock _clock;
    private readonly IRequiredActor<SessionRegistryKey> _sessions;
    private readonly Queue<HormoneChanged> _recent = new();
    private GainTable _gains;
    private MindState _state;
    private long _feltSeq;
    private int _sinceSnapshot;

    public ThymosSession(string sessionId, MindConfig config, GainTable gains, IClock clock, IRequiredActor<SessionRegistryKey> sessions)
    {
        _sessionId = sessionId;
        _gains = gains;
        _clock = clock;
        _state = MindState.Initial(config);
        _sessions = sessions;

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
            Feel(read.Seen);
            Sender.Tell(Reading(read));
        });
        Command<StimulusAppraised>(appraised => Record(_state.React(
            _sessionId, appraised.Stimulus, _clock.Now, _gains, appraised.SourceSeq, $"{appraised.Cause} ({appraised.Source})")));
        Command<FeelingRecalled>(recalled => Record(_state.Recall(
            _sessionId, recalled.Levels, _state.Config.RecallGain, _clock.Now, $"memory {recalled.MemoryId} came back")));
        Command<Thymos.UseGains>(use => _gains = use.Gains);
        Command<GetMind>(_ => Sender.Tell(Report()));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdOf(_sessionId);

    /// <summary>A session's mind stream in the journal (Mneme reads it to know how the agent felt at a message's time).</summary>
    public static string PersistenceIdOf(string sessionId) => "mind-" + sessionId;

    public static Props Props(string sessionId, MindConfig config, GainTable gains, IClock clock, IRequiredActor<SessionRegistryKey> sessions) =>
        Akka.Actor.Props.Create(() => new ThymosSession(sessionId, config, gains, clock, sessions));

    /// <summary>
    /// A change that could not be saved (a full disk) stops the mind, as Akka stops every persistent actor whose
    /// write failed; no read waits for a write, so the agent's turn goes on (or meets the same fault where the user
    /// hears of it). Logged once a minute, like every storage fault.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
        var fault = StorageFault.From(cause, file) ?? StorageFault.Unexpected(cause, file);
        FaultLog.Get(Context.System).Error(Context.GetLogger(), fault.Kind.ToString(), $"The mind of session {_sessionId} could not save a change: {fault.Sentence}");
    }

    /// <summary>Feels the events not felt yet, in order, and records what they change.</summary>
    private void Feel(IReadOnlyList<Journaled> events)
    {
        List<HormoneChanged>? changes = null;
        foreach (var journaled in events)
        {
            if (journaled.Seq <= _feltSeq)
            {
                continue;
            }

            // Felt now, on the clock the mind decays by (the event was written moments ago).
            foreach (var change in _state.React(_sessionId, journaled.Event, _gains, _clock.Now))
            {
                var stamped = change with { SourceSeq = journaled.Seq };
                Remember(stamped);
                (changes ??= []).Add(stamped);
            }

            _feltSeq = journaled.Seq;
        }

        if (changes is not null)
        {
            Write(changes);
        }
    }

    /// <summary>Changes decided from a stimulus that is not a session event (appraised, recalled).</summary>
    private void Record(IReadOnlyList<HormoneChanged> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            Remember(change);
        }

        Write(changes);
    }

    /// <summary>Writes changes already felt; once they are durable, attached clients see the mind move.</summary>
    private void Write(IReadOnlyList<HormoneChanged> changes)
    {
        var remaining = changes.Count;
        PersistAllAsync(changes, _ =>
        {
            if (--remaining > 0)
            {
                return;
            }

            _sinceSnapshot += changes.Count;
            if (_sinceSnapshot >= SnapshotEvery)
            {
                // Stamped with the last felt event, so recovery knows how far the mind has felt.
                _sinceSnapshot = 0;
                var snapshot = _state.ToSnapshot(_sessionId);
                SaveSnapshot(snapshot with { Levels = [.. snapshot.Levels.Select(l => l with { SourceSeq = _feltSeq })] });
            }

            // Through the session, so its followers see the change in order with its events.
            var now = _clock.Now;
            _sessions.ActorRef.Tell(new PublishTransient(new MindChanged(_sessionId, Readings(now), Desires.For(_state, now))));
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
        var rounds = ToolRounds.For(read.MaxToolRounds, _state, now);
        return new MindReading(
            FeltTail.For(_state, now, read.CallsThisTurn, rounds),
            ThinkingBudget.For(read.BaseThinkingBudget, _state, now, read.MaxTokens),
            rounds);
    }

    private HormoneReading[] Readings(DateTimeOffset now) =>
        [.. _state.Config.Hormones.Select(h => new HormoneReading(
            h.Name,
            Math.Round(_state.Level(h.Name, now), 1),
            h.Baseline,
            h.Max,
            _recent.LastOrDefault(c => c.Hormone == h.Name)?.Delta ?? 0))];

    private MindReport Report()
    {
        var now = _clock.Now;
        var agent = Context.System.Settings.Config;
        return new MindReport(
            _sessionId,
            Readings(now),
            InnerVoice.For(_state, now),
            [.. _recent.Reverse()],
            Desires.For(_state, now),
            ThinkingBudget.For(agent.GetInt("anima.agent.thinking-budget", 4096), _state, now, agent.GetInt("anima.agent.max-tokens", 16000)),
            ToolRounds.For(agent.GetInt("anima.agent.max-tool-rounds", 25), _state, now));
    }
}
