using Akka.Actor;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Client;

/// <summary>
/// The one actor that owns a client's link to the brain: says Hello with the token, keeps the link
/// alive with pings and notices when the brain goes away by their silence (the brain runs in untrusted
/// mode, which refuses remote DeathWatch, so watching it would only make remoting cry wolf), reconnects with backoff, and re-attaches every
/// session after the last event it passed on, so its listener sees each event exactly once.
/// </summary>
public sealed class ClientLink : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(5);

    // A Hello unanswered for HelloTimeout is said again, up to this many in all, before the link counts as lost: on a
    // loaded machine (load average 20) a client's first Hello waited out the timeout while its connection was made.
    private const int HellosPerAttempt = 3;
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PongWithin = TimeSpan.FromSeconds(7);

    private readonly BrainAddress _address;
    private readonly string _token;
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
    private DateTime _lastPong;

    public ClientLink(BrainAddress address, string token, string clientName, IActorRef listener, BackoffPolicy policy)
    {
        _address = address;
        _token = token;
        _clientName = clientName;
        _listener = listener;
        _policy = policy;
        Connecting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(BrainAddress address, string token, string clientName, IActorRef listener, BackoffPolicy policy) =>
        Akka.Actor.Props.Create(() => new ClientLink(address, token, clientName, listener, policy));

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

    protected override void PreStart() => SayHello();

    private void SayHello()
    {
        Context.ActorSelection(_address.GatewayPath).Tell(new Hello(_token, _clientName, Gateway.BrainInfo.CurrentVersion));
        Timers.StartSingleTimer(nameof(HelloTimedOut), HelloTimedOut.Instance, HelloTimeout);
    }

    private void Connecting()
    {
        Receive<Welcome>(welcome =>
        {
            Timers.Cancel(nameof(HelloTimedOut));
            _hellosUnanswered = 0;
            _connection = welcome.Connection;
            _attempt = 0;
            _lastPong = DateTime.UtcNow;
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

            _hellosUnanswered = 0;
            LinkLost($"no answer to {HellosPerAttempt} Hellos in {(HellosPerAttempt * HelloTimeout).TotalSeconds:0} s");
        });
        Receive<TryAgain>(_ => SayHello());
        Receive<RetryNow>(_ =>
        {
            // The user asked not to wait out the backoff: try at once.
            Timers.Cancel(nameof(TryAgain));
            SayHello();
        });
        Common(online: false);
    }

    private void Online()
    {
        Receive<PingTick>(_ =>
        {
            if (DateTime.UtcNow - _lastPong > PongWithin)
            {
                LinkLost("the brain stopped answering");
                return;
            }

            _connection!.Tell(new Ping(++_nonce), Self);
        });
        Receive<Pong>(_ => _lastPong = DateTime.UtcNow);
        Receive<Welcome>(_ => { }); // a late answer to a Hello said again: the brain drops that spare connection when it hears nothing
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

    private void LinkLost(string reason)
    {
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
}
