using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Client;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// <c>/user/appraisal</c>: the mind's appraising subscriber. Listens to every session's events on the bus and hands
/// each session's to one <see cref="AppraisalSession"/>, which turns them into journaled stimuli with their causes.
/// </summary>
public sealed class Appraisal : ReceiveActor
{
    private readonly AppraisalSettings _settings;
    private readonly ProviderSource? _providers;
    private readonly BackoffPolicy _backoff;
    private readonly IClock _clock;

    public Appraisal(AppraisalSettings settings, ProviderSource? providers, BackoffPolicy backoff, IClock clock)
    {
        _clock = clock;
        _settings = settings;
        _providers = providers;
        _backoff = backoff;
        Receive<SubscribeAck>(_ => { });
        Receive<Journaled>(journaled => SessionOf(journaled.SessionId).Forward(journaled));
    }

    public static Props Props(AppraisalSettings settings, ProviderSource? providers, BackoffPolicy backoff, IClock clock) =>
        Akka.Actor.Props.Create(() => new Appraisal(settings, providers, backoff, clock));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.AllSessions, Self));

    private IActorRef SessionOf(string sessionId)
    {
        var name = "appraisal-" + sessionId;
        var child = Context.Child(name);
        return child.IsNobody() ? Context.ActorOf(AppraisalSession.Props(sessionId, _settings, _providers, _backoff, _clock), name) : child;
    }
}

public sealed class AppraisalKey;
