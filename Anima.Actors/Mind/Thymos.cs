using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Anima.Actors.Agent;
using Anima.Actors.Sessions;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// <c>/user/thymos</c>: the mind's first subscriber. Listens to every session's events on the bus and hands
/// them to one <see cref="ThymosSession"/> per session; answers the agent's and the user's reads.
/// </summary>
public sealed class Thymos : ReceiveActor
{
    private readonly MindConfig _config;
    private readonly GainTable _gains;
    private readonly IClock _clock;

    public Thymos(MindConfig config, IClock clock)
    {
        _config = config;
        _gains = config.Gains();
        _clock = clock;
        Receive<SubscribeAck>(_ => { });
        Receive<Journaled>(journaled => MindOf(journaled.SessionId).Forward(journaled));
        Receive<ReadMind>(read => MindOf(read.SessionId).Forward(read));
        Receive<GetMind>(get => MindOf(get.SessionId).Forward(get));
    }

    public static Props Props(MindConfig config, IClock clock) => Akka.Actor.Props.Create(() => new Thymos(config, clock));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.AllSessions, Self));

    private IActorRef MindOf(string sessionId)
    {
        var name = "mind-" + sessionId;
        var child = Context.Child(name);
        return child.IsNobody() ? Context.ActorOf(ThymosSession.Props(sessionId, _config, _gains, _clock), name) : child;
    }
}

public sealed class ThymosKey;

public static class ThymosHosting
{
    public static AkkaConfigurationBuilder AddThymos(this AkkaConfigurationBuilder builder, MindConfig config, IClock clock) =>
        builder.WithActors((system, registry) =>
            registry.Register<ThymosKey>(system.ActorOf(Thymos.Props(config, clock), "thymos")));
}
