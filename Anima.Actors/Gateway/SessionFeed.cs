using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Anima.Actors.Journal;
using Anima.Actors.Protocol;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Gateway;

/// <summary>
/// Streams one session to one client without a duplicate or a gap: follow the session, which answers with its
/// in-memory tail and then sends every new event; read the journal only for what lies before that tail (holding
/// live events back meanwhile); then pass live events on, dropping any the history already carried.
/// </summary>
public sealed class SessionFeed : ReceiveActor, IWithStash
{
    private readonly IActorRef _client;
    private readonly IActorRef _sessions;
    private readonly ClientSettings _settings;
    private Attach _attach;
    private IActorRef? _session;
    private bool _historySent;
    private long _lastSent;
    private IReadOnlyList<Journaled> _fromMemory = [];
    private TurnInFlight? _inFlight;

    public SessionFeed(Attach attach, IActorRef client, IActorRef sessions, ClientSettings settings)
    {
        _attach = attach;
        _client = client;
        _sessions = sessions;
        _settings = settings;
        _lastSent = attach.AfterSeq;
        Become(AwaitingTail);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(Attach attach, IActorRef client, IActorRef sessions, ClientSettings settings) =>
        Akka.Actor.Props.Create(() => new SessionFeed(attach, client, sessions, settings));

    protected override void PreStart() => _sessions.Tell(new FollowSession(_attach.SessionId));

    /// <summary>
    /// The session's recent events come from its memory; only what lies before them is read from the journal,
    /// so attaching to a long session costs what the client asked for, not the session's length.
    /// </summary>
    private void AwaitingTail()
    {
        Receive<SessionTail>(tail =>
        {
            if (!Sender.Equals(_session))
            {
                _session = Sender;
                Context.Watch(_session);
            }

            _inFlight = tail.InFlight;
            var events = tail.Events;
            var lastSeq = events.Count > 0 ? events[^1].Seq : 0;
            var from = _attach.AfterSeq + 1;
            if (_attach.MaxHistory is { } max)
            {
                from = Math.Max(from, lastSeq - max + 1);
            }

            _lastSent = from - 1;
            _fromMemory = events.Where(e => e.Seq >= from).ToArray();
            var firstInMemory = events.Count > 0 ? events[0].Seq : lastSeq + 1;
            if (from >= firstInMemory)
            {
                FinishHistory();
                return;
            }

            JournalStream.RunInto(
                JournalStream.ReadJournal(Context.System).CurrentEventsByPersistenceId("session-" + _attach.SessionId, from, firstInMemory - 1),
                _settings.HistoryChunkEvents,
                Self,
                Context.Materializer());
            Become(Replaying);
        });
        Receive<RequestFailed>(failed =>
        {
            _client.Tell(failed);
            Context.Stop(Self);
        });
        HoldLiveEvents();
    }

    /// <summary>While history is read, what the session sends live waits its turn (and a lost session, too).</summary>
    private void HoldLiveEvents()
    {
        Receive<Journaled>(_ => Stash.Stash());
        Receive<ITransientEvent>(_ => Stash.Stash());
        Receive<FollowAgain>(_ => Stash.Stash());
        Receive<Terminated>(_ => Stash.Stash());
    }

    private void FinishHistory()
    {
        SendHistory(_fromMemory.Select(j => (j.Seq, j.Event)));
        _fromMemory = [];
        if (!_historySent)
        {
            _historySent = true;
            _client.Tell(new HistoryChunk(_attach.SessionId, [], Last: true, _lastSent));
        }

        // The turn as it stood when the session answered: after the history it follows, before the live events
        // that follow it (held in the stash), so the client shows a partial answer whole and then extends it.
        _client.Tell(_inFlight ?? TurnInFlight.Idle(_attach.SessionId));
        _inFlight = null;
        Stash.UnstashAll();
        Become(Live);
    }

    private void Replaying()
    {
        Receive<JournalStream.Started>(_ => Sender.Tell(JournalStream.Ack.Instance));
        Receive<IReadOnlyList<EventEnvelope>>(batch =>
        {
            SendHistory(batch.Where(e => e.Event is ISessionEvent).Select(e => (e.SequenceNr, (ISessionEvent)e.Event)));
            Sender.Tell(JournalStream.Ack.Instance);
        });
        Receive<JournalStream.Completed>(_ => FinishHistory());
        Receive<JournalStream.Failed>(failed =>
        {
            _client.Tell(new RequestFailed($"Reading session '{_attach.SessionId}' failed: {failed.Cause.Message}"));
            Context.Stop(Self);
        });
        HoldLiveEvents();
    }

    private void Live()
    {
        Receive<Journaled>(journaled =>
        {
            if (journaled.Seq > _lastSent)
            {
                _lastSent = journaled.Seq;
                Send(journaled, history: false);
            }
        });
        Receive<ITransientEvent>(transient => _client.Tell(transient));
        Receive<FollowAgain>(_ => FollowAgain(lost: null));
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_session))
            {
                FollowAgain(lost: _session);
            }
        });
    }

    /// <summary>The session restarted or stopped (<paramref name="lost"/>): follow it again from the last event passed on.</summary>
    private void FollowAgain(IActorRef? lost)
    {
        if (_session is not null)
        {
            Context.Unwatch(_session);
            _session = null;
        }

        _attach = _attach with { AfterSeq = _lastSent, MaxHistory = null };
        _sessions.Tell(new FollowSession(_attach.SessionId, lost));
        Become(AwaitingTail);
    }

    /// <summary>
    /// Sends history in chunks that fit the remoting frame (by count and by estimated size). After the client's
    /// history is complete, what a re-follow catches up on goes as live events.
    /// </summary>
    private void SendHistory(IEnumerable<(long Seq, ISessionEvent Event)> events)
    {
        if (_historySent)
        {
            foreach (var (seq, evt) in events.Where(e => e.Seq > _lastSent))
            {
                _lastSent = seq;
                Send(new Journaled(_attach.SessionId, seq, evt), history: false);
            }

            return;
        }

        var chunk = new List<Journaled>();
        var bytes = 0;
        foreach (var (seq, evt) in events)
        {
            if (seq <= _lastSent)
            {
                continue;
            }

            var size = EstimateBytes(evt);
            var journaled = new Journaled(_attach.SessionId, seq, evt);
            var parts = size > _settings.HistoryChunkBytes ? EventParts.Split(journaled, history: true, Context.System, _settings.MaxMessageBytes) : null;
            if (chunk.Count > 0 && (parts is not null || bytes + size > _settings.HistoryChunkBytes || chunk.Count >= _settings.HistoryChunkEvents))
            {
                _client.Tell(new HistoryChunk(_attach.SessionId, chunk, Last: false, _lastSent));
                chunk = [];
                bytes = 0;
            }

            if (parts is not null)
            {
                // Too big for any chunk: on its own, in order, between the chunks around it.
                TellAll(parts);
                _lastSent = seq;
                continue;
            }

            chunk.Add(journaled);
            bytes += size;
            _lastSent = seq;
        }

        if (chunk.Count > 0)
        {
            _client.Tell(new HistoryChunk(_attach.SessionId, chunk, Last: false, _lastSent));
        }
    }

    /// <summary>Whole, or in parts when it is too big for one message.</summary>
    private void Send(Journaled journaled, bool history)
    {
        if (EventParts.Split(journaled, history, Context.System, _settings.MaxMessageBytes) is { } parts)
        {
            TellAll(parts);
        }
        else
        {
            _client.Tell(journaled);
        }
    }

    private void TellAll(IReadOnlyList<JournaledPart> parts)
    {
        foreach (var part in parts)
        {
            _client.Tell(part);
        }
    }

    private static int EstimateBytes(ISessionEvent evt) => 128 + 2 * evt switch
    {
        UserMessage m => m.Text.Length,
        AgentMessage m => m.Text.Length + (m.Thinking?.Length ?? 0) + (m.ThinkingSignature?.Length ?? 0),
        ToolCall c => c.InputJson.Length + c.Name.Length,
        ToolResponse r => r.Content.Length,
        SystemMessage s => s.Text.Length,
        SessionStarted s => s.Title?.Length ?? 0,
        _ => 0,
    };
}
