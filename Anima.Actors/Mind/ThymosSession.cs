using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Anima.Actors.Agent;
using Anima.Actors.Sessions;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// One session's endocrine layer (<c>/user/thymos/mind-*</c>): feels the session's events as stimuli,
/// journals every hormone change (so a restarted brain feels the same), and answers the agent's reads
/// only once it has felt every event the agent has seen. It never tells the agent what to do.
/// </summary>
public sealed class ThymosSession : ReceivePersistentActor, IWithTimers
{
    private const int RecentCapacity = 20;
    private static readonly TimeSpan ReadPatience = TimeSpan.FromSeconds(1);

    private readonly string _sessionId;
    private readonly GainTable _gains;
    private readonly IClock _clock;
    private readonly IActorRef _mediator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<(ReadMind Read, IActorRef ReplyTo)> _waiting = [];
    private readonly Queue<HormoneChanged> _recent = new();
    private MindState _state;
    private long _feltSeq;
    private long _readNonce;

    public ThymosSession(string sessionId, MindConfig config, GainTable gains, IClock clock)
    {
        _sessionId = sessionId;
        _gains = gains;
        _clock = clock;
        _state = MindState.Initial(config);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Recover<SnapshotOffer>(offer =>
        {
            var snapshot = (MindSnapshot)offer.Snapshot;
            _state = _state.Apply(snapshot);
            _feltSeq = snapshot.Levels.Select(l => l.SourceSeq).DefaultIfEmpty(0).Max();
        });
        Recover<HormoneChanged>(Remember);

        Command<Journaled>(Feel);
        Command<ReadMind>(read =>
        {
            if (read.AsOfSeq <= _feltSeq)
            {
                Sender.Tell(Reading(read));
                return;
            }

            _waiting.Add((read, Sender));
            Timers.StartSingleTimer("read-" + ++_readNonce, new ReadExpired(read), ReadPatience);
        });
        Command<ReadExpired>(expired =>
        {
            // Events the mind never heard (published while it was not yet listening) must not block the agent.
            var index = _waiting.FindIndex(w => ReferenceEquals(w.Read, expired.Read));
            if (index >= 0)
            {
                _log.Debug("Mind of {0} answered a read as of {1} having felt only up to {2}", _sessionId, expired.Read.AsOfSeq, _feltSeq);
                _waiting[index].ReplyTo.Tell(Reading(expired.Read));
                _waiting.RemoveAt(index);
            }
        });
        Command<GetMind>(_ => Sender.Tell(Report()));
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "mind-" + _sessionId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sessionId, MindConfig config, GainTable gains, IClock clock) =>
        Akka.Actor.Props.Create(() => new ThymosSession(sessionId, config, gains, clock));

    private void Feel(Journaled journaled)
    {
        if (journaled.Seq <= _feltSeq)
        {
            return;
        }

        var changes = _state.React(_sessionId, journaled.Event, _gains)
            .Select(change => change with { SourceSeq = journaled.Seq })
            .ToArray();
        if (changes.Length == 0)
        {
            Felt(journaled.Seq);
            return;
        }

        var remaining = changes.Length;
        PersistAll(changes, change =>
        {
            Remember(change);
            if (--remaining == 0)
            {
                if (LastSequenceNr % 100 == 0)
                {
                    // Stamped with the last felt event, so recovery knows how far the mind has felt.
                    var snapshot = _state.ToSnapshot(_sessionId);
                    SaveSnapshot(snapshot with { Levels = [.. snapshot.Levels.Select(l => l with { SourceSeq = _feltSeq })] });
                }

                _mediator.Tell(new Publish(Topics.Session(_sessionId), new MindChanged(_sessionId, Readings())));
                Felt(journaled.Seq);
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

    private void Felt(long seq)
    {
        _feltSeq = Math.Max(_feltSeq, seq);
        foreach (var (read, replyTo) in _waiting.Where(w => w.Read.AsOfSeq <= _feltSeq).ToList())
        {
            replyTo.Tell(Reading(read));
            _waiting.RemoveAll(w => ReferenceEquals(w.Read, read));
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

    private sealed record ReadExpired(ReadMind Read);
}
