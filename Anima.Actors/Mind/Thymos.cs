using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Anima.Actors.Protocol;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// <c>/user/thymos</c>: the mind's endocrine layer. Listens on the bus to every session's events, to the appraised
/// stimuli and to Psyche's matrix, and hands each session's to one <see cref="ThymosSession"/>; answers the agent's
/// and the user's reads. It reacts with the gains Psyche publishes (the configured seed until it hears from it).
/// </summary>
public sealed class Thymos : ReceiveActor
{
    private readonly MindConfig _config;
    private readonly IClock _clock;
    private readonly IRequiredActor<SessionRegistryKey> _sessions;
    private readonly IActorRef? _psyche;
    private GainTable _gains;
    private int _version = -1;

    /// <param name="sessions">
    /// Where each session's mind publishes its changes. The sessions start after the mind (their agents read it), so
    /// it is found in the registry when first used: by then a session has published the event the mind feels.
    /// </param>
    /// <param name="psyche">Asked once for the current matrix as Thymos starts; later changes come over the bus.</param>
    public Thymos(MindConfig config, IClock clock, IRequiredActor<SessionRegistryKey> sessions, IActorRef? psyche = null)
    {
        _config = config;
        _gains = config.Gains();
        _clock = clock;
        _sessions = sessions;
        _psyche = psyche;
        Receive<SubscribeAck>(_ => { });
        Receive<Journaled>(journaled => MindOf(journaled.SessionId).Forward(journaled));
        Receive<StimulusAppraised>(appraised => MindOf(appraised.SessionId).Forward(appraised));
        Receive<FeelingRecalled>(recalled => MindOf(recalled.SessionId).Forward(recalled));
        Receive<ReadMind>(read => MindOf(read.SessionId).Forward(read));
        Receive<GetMind>(get => MindOf(get.SessionId).Forward(get));
        Receive<IPsycheRequest>(request =>
        {
            // Clients reach the mind through one door; the character is Psyche's to answer.
            if (_psyche is null)
            {
                Sender.Tell(new RequestFailed("This brain's mind runs without Psyche."));
            }
            else
            {
                _psyche.Forward(request);
            }
        });
        Receive<PsycheMatrix>(matrix =>
        {
            // Versions only grow (a rollback is a new version): an older matrix arriving late is ignored.
            if (matrix.Version < _version)
            {
                return;
            }

            _version = matrix.Version;
            _gains = GainTable.From(matrix.Gains);
            foreach (var child in Context.GetChildren())
            {
                child.Tell(new UseGains(_gains));
            }
        });
    }

    public static Props Props(MindConfig config, IClock clock, IRequiredActor<SessionRegistryKey> sessions, IActorRef? psyche = null) =>
        Akka.Actor.Props.Create(() => new Thymos(config, clock, sessions, psyche));

    protected override void PreStart()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        mediator.Tell(new Subscribe(Topics.AllSessions, Self));
        mediator.Tell(new Subscribe(MindTopics.Stimuli, Self));
        mediator.Tell(new Subscribe(MindTopics.Psyche, Self));
        _psyche?.Tell(GetPsycheMatrix.Instance);
    }

    private IActorRef MindOf(string sessionId)
    {
        var name = "mind-" + sessionId;
        var child = Context.Child(name);
        return child.IsNobody() ? Context.ActorOf(ThymosSession.Props(sessionId, _config, _gains, _clock, _sessions), name) : child;
    }

    /// <summary>Thymos → its sessions: react with these gains from now on.</summary>
    public sealed record UseGains(GainTable Gains);
}

public sealed class ThymosKey;
