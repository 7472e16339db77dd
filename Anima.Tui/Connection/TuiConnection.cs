using Akka.Actor;
using Akka.Remote;
using Anima.Client;
using Anima.Client.Trust;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Tui.Connection;

/// <summary>
/// The TUI's side of the wire: its own actor system (provider remote, port 0) whose one
/// <see cref="ClientLink"/> owns the connection. Everything the brain pushes, and every change of the
/// link, reaches <see cref="Pushed"/> on an actor thread. When the brain quarantines this system, the
/// system is replaced by a fresh one that re-attaches after the last event passed on.
/// </summary>
public sealed class TuiConnection : IAsyncDisposable
{
    private readonly BrainAddress _address;
    private readonly Func<ClientCredentials?> _credentials;
    private readonly object _gate = new();
    private ActorSystem? _system;
    private IActorRef? _link;
    private string? _sessionId;
    private long _lastSeq;
    private int _generation;
    private bool _disposed;

    /// <param name="credentials">Read at each start: a brain started in the background makes them on its first run.</param>
    public TuiConnection(BrainAddress address, Func<ClientCredentials?> credentials)
    {
        _address = address;
        _credentials = credentials;
    }

    /// <summary>Raised on an actor thread for every push (Journaled, HistoryChunk, transient events, LinkStateChanged, …).</summary>
    public event Action<object>? Pushed;

    public BrainAddress Address => _address;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Starts the actor system and the link; slow (remoting), so call it off the UI thread.</summary>
    public void Start()
    {
        var credentials = _credentials();
        if (credentials is null)
        {
            Publish(new LinkStateChanged(LinkState.Disconnected, 0, BackoffPolicy.Interactive.MaxAttempts,
                "no client certificate or token yet: start the brain once with this ANIMA_HOME"));
            return;
        }

        ActorSystem system;
        int generation;
        lock (_gate)
        {
            if (_disposed || _system is not null)
            {
                return;
            }

            generation = ++_generation;
            system = ClientSystem.Create("anima-tui", credentials, _address);
            _system = system;
        }

        var listener = system.ActorOf(Props.Create(() => new Listener(this, generation)), "listener");
        system.EventStream.Subscribe(listener, typeof(ThisActorSystemQuarantinedEvent));
        var link = system.ActorOf(ClientLink.Props(_address, credentials, "anima tui", listener, BackoffPolicy.Interactive), "link");
        lock (_gate)
        {
            _link = link;
            if (_sessionId is { } session)
            {
                link.Tell(new AttachSession(session, _lastSeq));
            }
        }
    }

    /// <summary>Follows a session from its beginning (the previous one, if any, is let go).</summary>
    public void Attach(string sessionId)
    {
        lock (_gate)
        {
            if (_sessionId is { } previous && previous != sessionId)
            {
                _link?.Tell(new DetachSession(previous));
            }

            _sessionId = sessionId;
            _lastSeq = 0;
            _link?.Tell(new AttachSession(sessionId));
        }
    }

    public void RetryNow()
    {
        IActorRef? link;
        lock (_gate)
        {
            link = _link;
        }

        if (link is not null)
        {
            link.Tell(new RetryNow());
        }
        else
        {
            _ = RestartAsync();
        }
    }

    public void Interrupt(string sessionId) => Tell(new SendRequest(new Interrupt(sessionId), ActorRefs.Nobody));

    public async Task<T> RequestAsync<T>(IClientRequest request)
        where T : IClientReply
    {
        IActorRef? link;
        lock (_gate)
        {
            link = _link;
        }

        if (link is null)
        {
            throw new InvalidOperationException($"Not connected to the brain at {_address}.");
        }

        return await ClientLink.RequestAsync<T>(link, request, RequestTimeout);
    }

    /// <summary>Replaces the actor system: after a quarantine, this one can never talk to the brain again.</summary>
    public async Task RestartAsync()
    {
        ActorSystem? old;
        lock (_gate)
        {
            old = _system;
            _system = null;
            _link = null;
        }

        Publish(new LinkStateChanged(LinkState.Reconnecting, 0, BackoffPolicy.Interactive.MaxAttempts, "restarting the client after a quarantine"));
        if (old is not null)
        {
            await old.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        Start();
    }

    public async ValueTask DisposeAsync()
    {
        ActorSystem? system;
        lock (_gate)
        {
            _disposed = true;
            system = _system;
            _system = null;
            _link = null;
        }

        if (system is not null)
        {
            try
            {
                await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // leaving anyway: the brain notices the client is gone
            }
        }
    }

    private void Tell(object message)
    {
        IActorRef? link;
        lock (_gate)
        {
            link = _link;
        }

        link?.Tell(message);
    }

    private void Publish(object message) => Pushed?.Invoke(message);

    /// <summary>Remembers how far the attached session got, so a replacement system resumes there.</summary>
    private void Track(object message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case Journaled j when j.SessionId == _sessionId:
                    _lastSeq = Math.Max(_lastSeq, j.Seq);
                    break;
                case HistoryChunk { Events.Count: > 0 } chunk when chunk.SessionId == _sessionId:
                    _lastSeq = Math.Max(_lastSeq, chunk.Events[^1].Seq);
                    break;
            }
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(TuiConnection connection, int generation)
        {
            Receive<ThisActorSystemQuarantinedEvent>(quarantined =>
            {
                if (generation == connection._generation)
                {
                    connection.Publish(new LinkStateChanged(LinkState.Reconnecting, 0, 0, $"quarantined by {quarantined.RemoteAddress}"));
                    _ = connection.RestartAsync();
                }
            });
            ReceiveAny(message =>
            {
                if (generation != connection._generation)
                {
                    return;
                }

                connection.Track(message);
                connection.Publish(message);
            });
        }
    }
}
