using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Anima.Actors.Faults;
using Anima.Messages.Clients;
using Anima.Messages.Mind;

namespace Anima.Actors.Mind;

/// <summary>
/// <c>/user/psyche</c> (persistent, "psyche"): the agent's character. Listens to the appraised stimuli of every
/// session on the bus, lets <see cref="PsycheState"/> decide which episodes grow the gain matrix, journals each
/// change with its cause, and publishes the matrix for Thymos. Answers the user's <c>anima psyche</c> requests.
/// </summary>
public sealed class Psyche : ReceivePersistentActor
{
    private readonly IActorRef _mediator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PsycheState _state;

    public Psyche(MindConfig config)
    {
        _state = PsycheState.Initial(config);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Recover<GainsAdjusted>(adjusted => _state = _state.Apply(adjusted));
        Recover<GainsRolledBack>(rolledBack => _state = _state.Apply(rolledBack));

        Command<SubscribeAck>(_ => { });
        Command<StimulusAppraised>(Observe);
        Command<FeelingRecalled>(_ => { });
        Command<GetPsycheMatrix>(_ => Sender.Tell(_state.Matrix()));
        Command<GetPsyche>(_ => Sender.Tell(_state.Report()));
        Command<GetPsycheHistory>(_ => Sender.Tell(new PsycheHistory(_state.History)));
        Command<RollbackPsyche>(Rollback);
    }

    public override string PersistenceId => "psyche";

    /// <summary>A write that failed (a full disk) stops this actor, as Akka stops every persistent actor; logged once a minute, like every storage fault.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var file = Context.System.Settings.Config.GetString("anima.db.file", "the brain's database");
        var fault = StorageFault.From(cause, file) ?? StorageFault.Unexpected(cause, file);
        FaultLog.Get(Context.System).Error(Context.GetLogger(), fault.Kind.ToString(), $"Psyche could not save what it found: {fault.Sentence}");
    }

    public static Props Props(MindConfig config) => Akka.Actor.Props.Create(() => new Psyche(config));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(MindTopics.Stimuli, Self));
        base.PreStart();
    }

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Publish();
    }

    private void Observe(StimulusAppraised stimulus)
    {
        var (next, events) = _state.Observe(stimulus);
        if (events.Count == 0)
        {
            // Only the open episodes moved: memory, not history.
            _state = next;
            return;
        }

        var remaining = events.Count;
        PersistAll(events, adjusted =>
        {
            _log.Info("Psyche grew (version {0}, episode {1}): {2}", adjusted.Version, adjusted.Episode, adjusted.Cause);
            if (--remaining == 0)
            {
                _state = next;
                Publish();
            }
        });
    }

    private void Rollback(RollbackPsyche rollback)
    {
        var (rolledBack, refused) = _state.RollbackTo(rollback.Version, DateTimeOffset.UtcNow);
        if (refused is not null)
        {
            Sender.Tell(new RequestFailed(refused));
            return;
        }

        if (rolledBack is null)
        {
            Sender.Tell(_state.Report());
            return;
        }

        var replyTo = Sender;
        Persist(rolledBack, evt =>
        {
            _state = _state.Apply(evt);
            _log.Info("Psyche rolled back to version {0} as version {1}", evt.ToVersion, evt.Version);
            Publish();
            replyTo.Tell(_state.Report());
        });
    }

    private void Publish() => _mediator.Tell(new Publish(MindTopics.Psyche, _state.Matrix()));
}

public sealed class PsycheKey;
