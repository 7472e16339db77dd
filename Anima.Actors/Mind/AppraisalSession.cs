using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Anima.Actors.Faults;
using Anima.Actors.Providers;
using Anima.Actors.Usage;
using Anima.Client;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// One session's appraisal (<c>/user/appraisal/appraisal-*</c>, persistent "appraisal-&lt;id&gt;"): reads the session's
/// events, finds stimuli by rule (<see cref="AppraisalState"/>) and in each user message (a model call, or the
/// lexicon), journals each as a <see cref="StimulusAppraised"/> and then publishes it for Thymos and Psyche.
/// </summary>
/// <remarks>
/// Off the turn's critical path: the model is called beside the turn, one message at a time (a burst waits its turn;
/// past <see cref="MaxWaiting"/> the lexicon answers at once). Stimuli are journaled, and the bus brings a session's
/// events once, live: a restarted brain never calls a model again for what it already read.
/// </remarks>
public sealed class AppraisalSession : ReceivePersistentActor
{
    private const int MaxWaiting = 8;
    private const int SnapshotEvery = 500;

    private readonly string _sessionId;
    private readonly AppraisalSettings _settings;
    private readonly ProviderSource? _providers;
    private readonly BackoffPolicy _backoff;
    private readonly IClock _clock;
    private readonly IActorRef _mediator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<MessageToAppraise> _waiting = new();
    private AppraisalState _state = AppraisalState.Empty;
    private long _seenSeq;
    private bool _calling;
    private DateTimeOffset _lastFallbackLogged = DateTimeOffset.MinValue;

    /// <param name="providers">The agent's providers; null appraises by the lexicon alone.</param>
    public AppraisalSession(string sessionId, AppraisalSettings settings, ProviderSource? providers, BackoffPolicy backoff, IClock clock)
    {
        _clock = clock;
        _sessionId = sessionId;
        _settings = settings;
        _providers = settings.Model is null ? null : providers;
        _backoff = backoff;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        // All recovery needs is how far it has read: a snapshot is the last stimulus, which says so.
        Recover<SnapshotOffer>(offer => _seenSeq = ((StimulusAppraised)offer.Snapshot).SourceSeq);
        Recover<StimulusAppraised>(appraised => _seenSeq = Math.Max(_seenSeq, appraised.SourceSeq));

        Command<Journaled>(Read);
        Command<SaveSnapshotSuccess>(success => DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<ModelAppraisalOutcome>(outcome =>
        {
            _calling = false;
            if (outcome.Usage is { } usage)
            {
                // The appraisal costs money too: counted under its turn (the message it read), labelled as the mind's.
                UsageLedger.Get(Context.System).Record(new BilledCall(_sessionId, outcome.Message.Seq, CallKind.Appraisal, _settings.Model!, usage, DateTimeOffset.UtcNow));
            }

            if (outcome.Verdicts is { } verdicts)
            {
                Write(outcome.Message.Seq, outcome.Message.At, verdicts, "model");
            }
            else
            {
                LogFallback(outcome.Failure);
                Write(outcome.Message.Seq, outcome.Message.At, LexicalAppraisal.Of(outcome.Message, _settings), "lexical");
            }

            CallNext();
        });
    }

    public override string PersistenceId => "appraisal-" + _sessionId;

    /// <summary>A write that failed (a full disk) stops this actor, as Akka stops every persistent actor; logged once a minute, like every storage fault.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
        var fault = StorageFault.From(cause, file) ?? StorageFault.Unexpected(cause, file);
        FaultLog.Get(Context.System).Error(Context.GetLogger(), fault.Kind.ToString(), $"The appraisal of session {_sessionId} could not save what it found: {fault.Sentence}");
    }

    public static Props Props(string sessionId, AppraisalSettings settings, ProviderSource? providers, BackoffPolicy backoff, IClock clock) =>
        Akka.Actor.Props.Create(() => new AppraisalSession(sessionId, settings, providers, backoff, clock));

    private void Read(Journaled journaled)
    {
        if (journaled.Seq <= _seenSeq)
        {
            return;
        }

        _seenSeq = journaled.Seq;
        var now = _clock.Now;
        var (state, byRule, message) = _state.Observe(journaled, _settings, now);
        _state = state;
        Write(journaled.Seq, now, byRule, "rule");
        if (message is null)
        {
            return;
        }

        if (_providers is null || _waiting.Count >= MaxWaiting)
        {
            Write(message.Seq, message.At, LexicalAppraisal.Of(message, _settings), "lexical");
            return;
        }

        _waiting.Enqueue(message);
        CallNext();
    }

    private void CallNext()
    {
        if (_calling || !_waiting.TryDequeue(out var message))
        {
            return;
        }

        _calling = true;
        ModelAppraisal.RunAsync(_providers!, message, _settings, _backoff, CancellationToken.None).PipeTo(Self);
    }

    private void Write(long sourceSeq, DateTimeOffset at, IReadOnlyList<Verdict> verdicts, string source)
    {
        if (verdicts.Count == 0)
        {
            return;
        }

        var events = verdicts.Select(v => new StimulusAppraised(_sessionId, v.Stimulus, v.Cause, source, sourceSeq, at)).ToList();
        PersistAllAsync(events, appraised =>
        {
            _mediator.Tell(new Publish(MindTopics.Stimuli, appraised));
            if (LastSequenceNr % SnapshotEvery == 0)
            {
                SaveSnapshot(appraised with { SourceSeq = Math.Max(appraised.SourceSeq, _seenSeq) });
            }
        });
    }

    /// <summary>Once a minute at most: an outage would otherwise log every message.</summary>
    private void LogFallback(string? failure)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _lastFallbackLogged >= TimeSpan.FromMinutes(1))
        {
            _lastFallbackLogged = now;
            _log.Warning("Appraisal of session {0} fell back to the lexicon: {1}", _sessionId, failure ?? "no answer");
        }
    }
}
