using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Anima.Actors.Mind;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Client.Configuration;
using Anima.Messages.Clients;

namespace Anima.Actors.Gateway;

/// <summary>
/// <c>/user/gateway</c>: the only actor a remote system may select. Checks the client token and gives
/// each accepted client a connection actor of its own, under an unguessable name.
/// </summary>
public sealed class GatewayActor : ReceiveActor, IWithStash
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IRequiredActor<SessionRegistryKey> _sessions;
    private readonly IRequiredActor<SessionIndexKey> _index;
    private readonly IRequiredActor<ThymosKey>? _mind;
    private readonly IRequiredActor<McpKey> _mcp;

    /// <param name="mind">Null for a brain without a mind.</param>
    public GatewayActor(
        BrainInfo info,
        string token,
        ClientSettings settings,
        IRequiredActor<SessionRegistryKey> sessions,
        IRequiredActor<SessionIndexKey> index,
        IRequiredActor<ThymosKey>? mind,
        IRequiredActor<McpKey> mcp)
    {
        _sessions = sessions;
        _index = index;
        _mind = mind;
        _mcp = mcp;

        // Registered before or after the actors it hands clients to: a Hello waits until they are found.
        Receive<GatewayPeers>(peers =>
        {
            Become(() => Serving(info, token, settings, peers));
            Stash.UnstashAll();
        });
        Receive<Status.Failure>(failure => throw failure.Cause);
        ReceiveAny(_ => Stash.Stash());
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(
        BrainInfo info,
        string token,
        ClientSettings settings,
        IRequiredActor<SessionRegistryKey> sessions,
        IRequiredActor<SessionIndexKey> index,
        IRequiredActor<ThymosKey>? mind,
        IRequiredActor<McpKey> mcp) =>
        Akka.Actor.Props.Create(() => new GatewayActor(info, token, settings, sessions, index, mind, mcp));

    protected override void PreStart() => GatewayPeers.FindAsync(_sessions, _index, _mind, _mcp).PipeTo(Self);

    private void Serving(BrainInfo info, string token, ClientSettings settings, GatewayPeers peers)
    {
        Receive<Hello>(hello =>
        {
            if (!ClientToken.Matches(token, hello.Token))
            {
                _log.Warning("Refused client {0} from {1}: wrong token", hello.ClientName, Sender.Path.Address);
                Sender.Tell(new Refused(
                    "The brain refused the client token. Clients read it from $ANIMA_HOME/config/client.token: "
                    + "use the same ANIMA_HOME as the brain (run './anima install' to create it)."));
                return;
            }

            // Admitted before the Welcome leaves: the client's next message goes to its connection, whose mailbox
            // lets in only systems the gateway admitted (AdmittedClients).
            AdmittedClients.For(Context.System).Admit(Sender.Path.Address);
            var connection = Context.ActorOf(
                ClientConnection.Props(Sender, settings, peers),
                "client-" + Guid.NewGuid().ToString("N"));
            _log.Info("Client {0} {1} connected from {2}", hello.ClientName, hello.ClientVersion, Sender.Path.Address);
            Sender.Tell(new Welcome(connection, info.Version, info.StartedAt));
        });

        // The connection asking is the status command itself (or a TUI asking): it is not counted among the clients.
        Receive<ClientConnection.StatusRequest>(request => peers.Index.Tell(new SessionIndex.StatusQuery(
            new BrainStatus(info.Version, info.StartedAt, 0, Context.GetChildren().Count(child => !child.Equals(Sender)), info.Environment),
            request.ReplyTo)));

        Receive<IClientRequest>(_ => Sender.Tell(new Refused("Say Hello with the client token first.")));
    }
}

public sealed class GatewayKey;

public static class GatewayHosting
{
    /// <param name="withMind">Whether the brain has a mind (<see cref="Mind.MindHosting.AddMind"/>): clients read it through the gateway.</param>
    public static AkkaConfigurationBuilder AddGateway(this AkkaConfigurationBuilder builder, BrainInfo info, string token, bool withMind) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<GatewayKey>(system.ActorOf(
                GatewayActor.Props(
                    info,
                    token,
                    ClientSettings.From(system.Settings.Config),
                    resolver.GetService<IRequiredActor<SessionRegistryKey>>(),
                    resolver.GetService<IRequiredActor<SessionIndexKey>>(),
                    withMind ? resolver.GetService<IRequiredActor<ThymosKey>>() : null,
                    resolver.GetService<IRequiredActor<McpKey>>()),
                "gateway")));
}
