using Akka.Actor;
using Akka.Remote;
using Anima.Client.Trust;
using Anima.Messages;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Client;

/// <summary>
/// The one actor that owns a client's link to the brain: says Hello with the token, notices when the brain goes
/// away, reconnects with backoff, and re-attaches every session after the last event it passed on, so its listener
/// sees each event exactly once.
/// </summary>
/// <remarks>
/// A brain that dies closes its TCP connections, and remoting says so at once (<see cref="DisassociatedEvent"/>); a
/// Hello that cannot be delivered is known as soon as remoting fails to connect (<see cref="AssociationErrorEvent"/>).
/// One that hangs, or a network that drops packets, shows only as silence: the link pings and counts anything the
/// brain sends as a sign of life. (The brain runs in untrusted mode, which refuses remote DeathWatch, so watching it
/// would only make remoting cry wolf.) While it waits out a backoff the link knocks on the brain's port, and once it
/// answers and its gateway exists says Hello, instead of at the end of a wait that may have grown to half a minute.
/// </remarks>
public sealed class ClientLink : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(5);

    // A Hello unanswered for HelloTimeout is said again, up to this many in all, before the link counts as lost: on a
    // loaded machine (load average 20) a client's first Hello waited out the timeout while its connection was made.
    private const int HellosPerAttempt = 3;

    // How often the link pings, and how long it bears silence: a loaded brain answered within 0.55 s at worst
    // (docs/ARCHITECTURE.md has the figures), so 3 s of silence is a brain that is gone or hung, not a busy one.
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(3);

    // A closed port refuses a connect at once; one that answers is greeted with a TLS handshake, as a client would
    // (a bare connect that closes is logged by the brain as a failed handshake).
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan IdentifyEvery = TimeSpan.FromMilliseconds(500);

    // remoting gates an address it failed to reach for retry-gate-closed-for (client.hocon: 1 s): a Hello sent
    // sooner is dropped, and would wait out the Hello timeout.
    private static readonly TimeSpan GateClosedFor = TimeSpan.FromMilliseconds(1100);

    private readonly BrainAddress _address;
    private readonly ClientCredentials _credentials;
    private readonly string _clientName;
    private readonly IActorRef _listener;
    private readonly BackoffPolicy _policy;
    private readonly Dictionary<string, AttachSession> _attached = [];
    private readonly Dictionary<string, long> _lastSeq = [];
    private readonly EventAssembler _parts = new();
    private IActorRef? _connection;
    private int _attempt;
    private long _nonce;
    private int _hellosUnanswered;
    private DateTime _lastHeard;
    private DateTime _lastHello;
    private bool _awaitingRetry;
    private bool _probing;
    private bool _helloInFlight;

    public ClientLink(BrainAddress address, ClientCredentials credentials, string clientName, IActorRef listener, BackoffPolicy policy)
    {
        _address = address;
        _credentials = credentials;
        _clientName = clientName;
        _listener = listener;
        _policy = policy;
        Connecting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(BrainAddress address, ClientCredentials credentials, string clientName, IActorRef listener, BackoffPolicy policy) =>
        Akka.Actor.Props.Create(() => new ClientLink(address, credentials, clientName, listener, policy));

    /// <summary>Sends a request through a link and maps the brain's answer: the expected reply, or an exception saying why not.</summary>
    public static async Task<T> RequestAsync<T>(IActorRef link, IClientRequest request, TimeSpan timeout)
        where T : IClientReply
    {
        var reply = await link.Ask<object>(replyTo => new SendRequest(request, replyTo), timeout, CancellationToken.None);
        return reply switch
        {
            T expected => expected,
            RequestFailed failed => throw new InvalidOperationException(failed.Reason),
            Refused refused => throw new BrainUnavailableException(refused.Reason),
            _ => throw new InvalidOperationException($"Unexpected reply {reply.GetType().Name} to {request.GetType().Name}."),
        };
    }

    /// <summary>The last sequence number passed on for a session (0 when none).</summary>
    public long LastSeq(string sessionId) => _lastSeq.GetValueOrDefault(sessionId);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
        SayHello();
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>Whatever the brain sends shows it is alive: under load a pong may wait behind streamed text.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is IAnimaMessage)
        {
            _lastHeard = DateTime.UtcNow;
        }

        return base.AroundReceive(receive, message);
    }

    private void SayHello()
    {
        _awaitingRetry = false;
        _helloInFlight = true;
        Timers.Cancel(nameof(ProbeTick));
        Timers.Cancel(nameof(IdentifyTick));
        _lastHello = DateTime.UtcNow;
        Context.ActorSelection(_address.GatewayPath).Tell(new Hello(_credentials.Token, _clientName, AnimaVersion.Current));
        Timers.StartSingleTimer(nameof(HelloTimedOut), HelloTimedOut.Instance, HelloTimeout);
    }

    private void Connecting()
    {
        Receive<Welcome>(welcome =>
        {
            Timers.Cancel(nameof(HelloTimedOut));
            _hellosUnanswered = 0;
            _helloInFlight = false;
            _connection = welcome.Connection;
            _attempt = 0;
            _lastHeard = DateTime.UtcNow;
            Timers.StartPeriodicTimer(nameof(PingTick), PingTick.Instance, PingEvery);
            Become(Online);
            _listener.Tell(welcome);
            _listener.Tell(new LinkStateChanged(LinkState.Connected, 0, _policy.MaxAttempts, null));
            foreach (var attach in _attached.Values)
            {
                _connection.Tell(Resume(attach), Self);
            }
        });
        Receive<Refused>(refused =>
        {
            Timers.Cancel(nameof(HelloTimedOut));
            _helloInFlight = false;
            Become(Disconnected);
            _listener.Tell(refused);
            _listener.Tell(new LinkStateChanged(LinkState.Disconnected, _attempt, _policy.MaxAttempts, refused.Reason));
        });
        Receive<HelloTimedOut>(_ =>
        {
            if (++_hellosUnanswered < HellosPerAttempt)
            {
                SayHello();
                return;
            }

            LinkLost($"no answer to {HellosPerAttempt} Hellos in {(HellosPerAttempt * HelloTimeout).TotalSeconds:0} s");
        });
        Receive<AssociationErrorEvent>(error =>
        {
            // The Hello could not even be delivered (nothing listens yet): no need to wait out its timeout.
            if (_helloInFlight && IsBrain(error.RemoteAddress))
            {
                Timers.Cancel(nameof(HelloTimedOut));
                LinkLost($"no brain answers at {_address}");
            }
        });
        Receive<TryAgain>(_ => SayHello());
        Receive<RetryNow>(_ =>
        {
            // The user asked not to wait out the backoff: try at once.
            Timers.Cancel(nameof(TryAgain));
            SayHello();
        });
        Receive<ProbeTick>(_ =>
        {
            if (_awaitingRetry && !_probing)
            {
                _probing = true;
                BrainProbe.WhyNotAsync(_address, _credentials, ProbeTimeout)
                    .PipeTo(Self, success: why => new PortProbed(why is null), failure: _ => new PortProbed(false));
            }
        });
        Receive<PortProbed>(probed =>
        {
            _probing = false;
            if (probed.Open && _awaitingRetry)
            {
                // Something listens again: ask whether the gateway is up yet (once remoting lets a message through to
                // that address). The backoff's own retry stays due, in case no answer comes.
                _awaitingRetry = false;
                Timers.Cancel(nameof(ProbeTick));
                var wait = _lastHello + GateClosedFor - DateTime.UtcNow;
                Timers.StartSingleTimer(nameof(IdentifyTick), IdentifyTick.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
        });
        Receive<IdentifyTick>(_ =>
        {
            // A brain binds its port before its gateway exists: a Hello sent then is lost, and waits out its timeout.
            Context.ActorSelection(_address.GatewayPath).Tell(new Identify(nameof(ClientLink)), Self);
            Timers.StartSingleTimer(nameof(IdentifyTick), IdentifyTick.Instance, IdentifyEvery);
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is not null && !_helloInFlight)
            {
                Timers.Cancel(nameof(TryAgain));
                SayHello();
            }
        });
        Common(online: false);
    }

    private void Online()
    {
        Receive<PingTick>(_ =>
        {
            if (DateTime.UtcNow - _lastHeard > SilenceLimit)
            {
                LinkLost("the brain stopped answering");
                return;
            }

            _connection!.Tell(new Ping(++_nonce), Self);
        });
        Receive<Pong>(_ => { });
        Receive<Welcome>(_ => { }); // a late answer to a Hello said again: the brain drops that spare connection when it hears nothing
        Receive<DisassociatedEvent>(disassociated =>
        {
            if (disassociated.RemoteAddress.Equals(_connection!.Path.Address))
            {
                LinkLost("the connection to the brain closed");
            }
        });
        Receive<HistoryChunk>(Chunk);
        Receive<Journaled>(Live);
        Receive<JournaledPart>(part =>
        {
            if (_parts.Add(part, Context.System.Serialization) is not { } whole)
            {
                return;
            }

            if (part.History)
            {
                Chunk(new HistoryChunk(whole.SessionId, [whole], Last: false, whole.Seq));
            }
            else
            {
                Live(whole);
            }
        });
        Receive<ITransientEvent>(transient => _listener.Tell(transient));
        Receive<RequestFailed>(failed => _listener.Tell(failed));
        Common(online: true);
    }

    private void Disconnected()
    {
        Receive<RetryNow>(_ =>
        {
            _attempt = 0;
            Become(Connecting);
            _listener.Tell(new LinkStateChanged(LinkState.Connecting, 0, _policy.MaxAttempts, null));
            SayHello();
        });
        Common(online: false);
    }

    private void Common(bool online)
    {
        Receive<AttachSession>(attach =>
        {
            var existing = LastSeq(attach.SessionId);
            var after = Math.Max(existing, attach.AfterSeq);
            if (after != existing)
            {
                _lastSeq[attach.SessionId] = after;
            }

            _attached[attach.SessionId] = attach;
            if (online)
            {
                _connection!.Tell(Resume(attach), Self);
            }
        });
        Receive<DetachSession>(detach =>
        {
            _attached.Remove(detach.SessionId);
            _lastSeq.Remove(detach.SessionId);
            if (online)
            {
                _connection!.Tell(new Detach(detach.SessionId), Self);
            }
        });
        Receive<SendRequest>(send =>
        {
            if (online)
            {
                _connection!.Tell(send.Request, send.ReplyTo);
            }
            else
            {
                send.ReplyTo.Tell(new RequestFailed($"Not connected to the brain at {_address}."));
            }
        });
        Receive<PingTick>(_ => { });
        Receive<Pong>(_ => { });
        Receive<HelloTimedOut>(_ => { });
        Receive<DisassociatedEvent>(_ => { });
        Receive<AssociationErrorEvent>(_ => { });
        Receive<ProbeTick>(_ => { });
        Receive<PortProbed>(_ => _probing = false);
        Receive<IdentifyTick>(_ => { });
        Receive<ActorIdentity>(_ => { });
    }

    private void Chunk(HistoryChunk chunk)
    {
        if (!_attached.ContainsKey(chunk.SessionId))
        {
            return; // sent before a detach arrived: it must not count for the next attach
        }

        var fresh = chunk.Events.Where(e => e.Seq > LastSeq(e.SessionId)).ToArray();
        if (fresh.Length > 0)
        {
            _lastSeq[chunk.SessionId] = fresh[^1].Seq;
        }

        if (chunk.Last && chunk.HighestSeq > LastSeq(chunk.SessionId))
        {
            // History that started late (MaxHistory) still ends here: resume after it, not from 0.
            _lastSeq[chunk.SessionId] = chunk.HighestSeq;
        }

        _listener.Tell(fresh.Length == chunk.Events.Count ? chunk : chunk with { Events = fresh });
    }

    private void Live(Journaled journaled)
    {
        if (_attached.ContainsKey(journaled.SessionId) && journaled.Seq > LastSeq(journaled.SessionId))
        {
            _lastSeq[journaled.SessionId] = journaled.Seq;
            _listener.Tell(journaled);
        }
    }

    /// <summary>After the first event, a re-attach wants everything since, not just the last screen.</summary>
    private Attach Resume(AttachSession attach)
    {
        var after = LastSeq(attach.SessionId);
        return new Attach(attach.SessionId, after, after > 0 ? null : attach.MaxHistory);
    }

    private bool IsBrain(Address address) => address.Host == _address.Host && address.Port == _address.Port;

    private void LinkLost(string reason)
    {
        _helloInFlight = false;
        _hellosUnanswered = 0;
        Timers.Cancel(nameof(IdentifyTick));
        Timers.Cancel(nameof(PingTick));
        _connection = null;
        _parts.Clear();

        _attempt++;
        if (_attempt > _policy.MaxAttempts)
        {
            Become(Disconnected);
            _listener.Tell(new LinkStateChanged(LinkState.Disconnected, _attempt - 1, _policy.MaxAttempts, reason));
            return;
        }

        Become(Connecting);
        _listener.Tell(new LinkStateChanged(LinkState.Reconnecting, _attempt, _policy.MaxAttempts, reason));
        Timers.StartSingleTimer(nameof(TryAgain), TryAgain.Instance, _policy.Delay(_attempt, Random.Shared.NextDouble()));
        _awaitingRetry = true;
        Timers.StartPeriodicTimer(nameof(ProbeTick), ProbeTick.Instance, ProbeEvery);
    }

    private sealed class HelloTimedOut
    {
        public static readonly HelloTimedOut Instance = new();
    }

    private sealed class TryAgain
    {
        public static readonly TryAgain Instance = new();
    }

    private sealed class PingTick
    {
        public static readonly PingTick Instance = new();
    }

    private sealed class ProbeTick
    {
        public static readonly ProbeTick Instance = new();
    }

    private sealed class IdentifyTick
    {
        public static readonly IdentifyTick Instance = new();
    }

    private sealed record PortProbed(bool Open);
}
