using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Actors.Sessions;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Gateway;

/// <summary>
/// Streams one session to one client without a duplicate or a gap: subscribe to the session's topic
/// first (buffering what arrives), then read history from the journal, then hand over to live events,
/// dropping any the history already carried.
/// </summary>
public sealed class SessionFeed : ReceiveActor, IWithStash
{
    private readonly Attach _attach;
    private readonly IActorRef _client;
    private readonly IActorRef _sessions;
    private readonly ClientSettings _settings;
    private readonly IActorRef _mediator;
    private readonly string _topic;
    private long _lastSent;

    public SessionFeed(Attach attach, IActorRef client, IActorRef sessions, ClientSettings settings)
    {
        _attach = attach;
        _client = client;
        _sessions = sessions;
        _settings = settings;
        _lastSent = attach.AfterSeq;
        _topic = Topics.Session(attach.SessionId);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        Become(AwaitingInfo);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(Attach attach, IActorRef client, IActorRef sessions, ClientSettings settings) =>
        Akka.Actor.Props.Create(() => new SessionFeed(attach, client, sessions, settings));

    protected override void PreStart() => _sessions.Tell(new GetSessionInfo(_attach.SessionId));

    protected override void PostStop() => _mediator.Tell(new Unsubscribe(_topic, Self));

    private void AwaitingInfo()
    {
        Receive<SessionInfo>(info =>
        {
            var from = _attach.AfterSeq + 1;
            if (_attach.MaxHistory is { } max)
            {
                from = Math.Max(from, info.LastSeq - max + 1);
            }

            _lastSent = from - 1;
            _mediator.Tell(new Subscribe(_topic, Self));
            Become(() => Subscribing(from));
        });
        Receive<RequestFailed>(failed =>
        {
            _client.Tell(failed);
            Context.Stop(Self);
        });
    }

    private void Subscribing(long from)
    {
        Receive<SubscribeAck>(_ =>
        {
            var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>("akka.persistence.query.journal.sql");
            journal.CurrentEventsByPersistenceId("session-" + _attach.SessionId, from, long.MaxValue)
                .Grouped(_settings.HistoryChunkEvents)
                .Select(batch => (IReadOnlyList<EventEnvelope>)batch.ToList())
                .RunWith(
                    Sink.ActorRefWithAck<IReadOnlyList<EventEnvelope>>(Self, HistoryStarted.Instance, Ack.Instance, HistoryDone.Instance, ex => new HistoryFailed(ex)),
                    Context.Materializer());
            Become(Replaying);
        });
    }

    private void Replaying()
    {
        Receive<HistoryStarted>(_ => Sender.Tell(Ack.Instance));
        Receive<IReadOnlyList<EventEnvelope>>(batch =>
        {
            SendHistory(batch);
            Sender.Tell(Ack.Instance);
        });
        Receive<HistoryDone>(_ =>
        {
            _client.Tell(new HistoryChunk(_attach.SessionId, [], Last: true, _lastSent));
            Stash.UnstashAll();
            Become(Live);
        });
        Receive<HistoryFailed>(failed =>
        {
            _client.Tell(new RequestFailed($"Reading session '{_attach.SessionId}' failed: {failed.Cause.Message}"));
            Context.Stop(Self);
        });
        Receive<Journaled>(_ => Stash.Stash());
        Receive<ITransientEvent>(_ => Stash.Stash());
    }

    private void Live()
    {
        Receive<Journaled>(journaled =>
        {
            if (journaled.Seq > _lastSent)
            {
                _lastSent = journaled.Seq;
                _client.Tell(journaled);
            }
        });
        Receive<ITransientEvent>(transient => _client.Tell(transient));
    }

    private void SendHistory(IReadOnlyList<EventEnvelope> batch)
    {
        var chunk = new List<Journaled>(batch.Count);
        var bytes = 0;
        foreach (var envelope in batch)
        {
            if (envelope.Event is not ISessionEvent evt || envelope.SequenceNr <= _lastSent)
            {
                continue;
            }

            var size = EstimateBytes(evt);
            if (chunk.Count > 0 && bytes + size > _settings.HistoryChunkBytes)
            {
                _client.Tell(new HistoryChunk(_attach.SessionId, chunk, Last: false, _lastSent));
                chunk = new List<Journaled>(batch.Count);
                bytes = 0;
            }

            chunk.Add(new Journaled(_attach.SessionId, envelope.SequenceNr, evt));
            bytes += size;
            _lastSent = envelope.SequenceNr;
        }

        if (chunk.Count > 0)
        {
            _client.Tell(new HistoryChunk(_attach.SessionId, chunk, Last: false, _lastSent));
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

    private sealed class HistoryStarted
    {
        public static readonly HistoryStarted Instance = new();
    }

    private sealed class HistoryDone
    {
        public static readonly HistoryDone Instance = new();
    }

    private sealed class Ack
    {
        public static readonly Ack Instance = new();
    }

    private sealed record HistoryFailed(Exception Cause);
}
