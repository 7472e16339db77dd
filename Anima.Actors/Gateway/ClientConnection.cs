using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Anima.Actors.Memory;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Actors.Usage;
using Anima.Messages.Clients;
using Anima.Messages.Memory;
using Anima.Messages.Mind;
using Anima.Messages.Usage;

namespace Anima.Actors.Gateway;

/// <summary>
/// <c>/user/gateway/client-*</c>: one accepted client. Routes its requests, runs one
/// <see cref="SessionFeed"/> per attached session, and stops when the client dies or falls silent.
/// </summary>
public sealed class ClientConnection : ReceiveActor, IWithTimers
{
    private readonly IActorRef _client;
    private readonly ClientSettings _settings;
    private readonly IActorRef _sessions;
    private readonly IActorRef _index;
    private readonly IActorRef _mind;
    private readonly IActorRef _mcp;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _feeds = [];
    private DateTime _lastHeard = DateTime.UtcNow;

    public ClientConnection(IActorRef client, ClientSettings settings, GatewayPeers peers)
    {
        _client = client;
        _settings = settings;
        _sessions = peers.Sessions;
        _index = peers.Index;
        _mind = peers.Mind;
        _mcp = peers.Mcp;

        Receive<Ping>(ping => Sender.Tell(new Pong(ping.Nonce)));
        Receive<GetStatus>(_ => Context.Parent.Tell(new StatusRequest(Sender)));
        Receive<ListSessions>(list => _index.Forward(list));
        Receive<FindSession>(find => _index.Forward(find));
        Receive<GetMcpServers>(get => _mcp.Forward(get));
        Receive<GetMind>(get => WithSession(get.SessionId, null, () =>
        {
            if (_mind.IsNobody())
            {
                Sender.Tell(new RequestFailed("This brain runs without a mind."));
            }
            else
            {
                _mind.Forward(get);
            }
        }));
        Receive<IPsycheRequest>(request =>
        {
            // The mind's front door (Thymos) passes these on to Psyche.
            if (_mind.IsNobody())
            {
                Sender.Tell(new RequestFailed("This brain runs without a mind."));
            }
            else
            {
                _mind.Forward(request);
            }
        });
        Receive<GetUsage>(get =>
        {
            if (get.SessionId is { } id && !SessionRegistry.IsValidId(id))
            {
                Sender.Tell(new RequestFailed($"'{id}' is not a session id."));
                return;
            }

            try
            {
                UsageReportAsync(get).PipeTo(Sender, failure: ex => new RequestFailed(ex.GetBaseException().Message));
            }
            catch (FormatException ex)
            {
                Sender.Tell(new RequestFailed(ex.Message));
            }
        });
        Receive<ForgetMemory>(forget =>
        {
            // Mneme journals the forget, applies it and answers; looked up now, so the order actors start in does not matter.
            if (ActorRegistry.For(Context.System).TryGet<MnemeKey>(out var mneme))
            {
                mneme.Tell(forget with { By = Shorten(forget.By) }, Sender);
            }
            else
            {
                Sender.Tell(new RequestFailed("This brain runs without memory (anima.memory.enabled = off): there is nothing to forget."));
            }
        });
        Receive<CreateSession>(create =>
        {
            if (create.WorkingDirectory is { } directory && !Path.IsPathFullyQualified(directory))
            {
                Sender.Tell(new RequestFailed($"'{directory}' is not an absolute path: a session's directory must be one."));
                return;
            }

            _sessions.Tell(new StartSession(SessionRegistry.NewId(), create.Title, create.WorkingDirectory), Sender);
        });
        Receive<Attach>(Attach);
        Receive<Detach>(detach => StopFeed(detach.SessionId));
        Receive<PostUserMessage>(post => WithSession(post.SessionId, post.CorrelationId, () =>
            _sessions.Tell(new AppendUserMessage(post.SessionId, post.Text, post.CorrelationId), Sender)));
        Receive<Interrupt>(interrupt => WithSession(interrupt.SessionId, null, () =>
            _sessions.Tell(new InterruptTurn(interrupt.SessionId), Sender)));
        Receive<AnswerApproval>(answer => WithSession(answer.SessionId, null, () =>
            _sessions.Tell(new DecideApproval(answer.SessionId, answer.CallId, answer.Decision, Shorten(answer.By)), Sender)));
        Receive<SetPermissionMode>(set => WithSession(set.SessionId, null, () =>
            _sessions.Tell(new ChangePermissionMode(set.SessionId, set.Mode, Shorten(set.By)), Sender)));
        Receive<CheckSilence>(_ =>
        {
            if (DateTime.UtcNow - _lastHeard > _settings.SilenceLimit)
            {
                _log.Info("Client {0} fell silent; dropping it", _client.Path.Address);
                Context.Stop(Self);
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_client))
            {
                _log.Info("Client {0} went away", _client.Path.Address);
                Context.Stop(Self);
                return;
            }

            foreach (var (id, feed) in _feeds.Where(f => f.Value.Equals(terminated.ActorRef)).ToList())
            {
                _feeds.Remove(id);
            }
        });
    }

    /// <summary>Asks the gateway to complete a status reply (it knows the clients; the index knows the sessions).</summary>
    public sealed record StatusRequest(IActorRef ReplyTo);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef client, ClientSettings settings, GatewayPeers peers) =>
        Akka.Actor.Props.Create(() => new ClientConnection(client, settings, peers));

    protected override void PreStart()
    {
        Context.Watch(_client);
        var every = TimeSpan.FromTicks(Math.Max(_settings.SilenceLimit.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
        Timers.StartPeriodicTimer(nameof(CheckSilence), CheckSilence.Instance, every);
    }

    protected override void PostStop() => AdmittedClients.For(Context.System).Release(_client.Path.Address);

    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is IClientRequest)
        {
            _lastHeard = DateTime.UtcNow;
        }

        return base.AroundReceive(receive, message);
    }

    private void Attach(Attach attach) => WithSession(attach.SessionId, null, () =>
    {
        StopFeed(attach.SessionId);
        var feed = Context.ActorOf(SessionFeed.Props(attach, _client, _sessions, _settings));
        Context.Watch(feed);
        _feeds[attach.SessionId] = feed;
    });

    /// <summary>A client's name as journaled: a line, not a page.</summary>
    private static string Shorten(string by) => by.Length <= 64 ? by : by[..64];

    private void StopFeed(string sessionId)
    {
        if (_feeds.Remove(sessionId, out var feed))
        {
            Context.Unwatch(feed);
            Context.Stop(feed);
        }
    }

    /// <summary>Read off the dispatcher's thread: the ledger is a SQLite table.</summary>
    private Task<UsageReport> UsageReportAsync(GetUsage get)
    {
        var ledger = UsageLedger.Get(Context.System);
        var zone = TimeZoneInfo.Local;
        var day = get.Day is { } given ? UsageReports.Day(given, zone) : ((DateTimeOffset, DateTimeOffset)?)null;
        return ledger.CallsAsync(get.SessionId, day?.Item1, day?.Item2)
            .ContinueWith(calls => UsageReports.Build(calls.Result, ledger.Prices, get, zone), TaskScheduler.Default);
    }

    private void WithSession(string sessionId, string? correlationId, Action action)
    {
        if (SessionRegistry.IsValidId(sessionId))
        {
            action();
        }
        else
        {
            Sender.Tell(new RequestFailed($"'{sessionId}' is not a session id.", correlationId));
        }
    }

    private sealed class CheckSilence
    {
        public static readonly CheckSilence Instance = new();
    }
}
