using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// <c>/user/session-index</c>: the session list, a projection over the journal's tagged events
/// (Akka.Persistence.Query), checkpointed in SQLite so a restart reads only what is new.
/// </summary>
public sealed class SessionIndex : ReceiveActor
{
    private readonly SessionIndexStore _store;
    private readonly IActorRef _registry;
    private readonly Dictionary<string, SessionSummary> _sessions = [];
    private readonly HashSet<string> _openTurns = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _offset;
    private IMaterializer? _materializer;

    public SessionIndex(SessionIndexStore store, IActorRef registry)
    {
        _store = store;
        _registry = registry;
        Receive<StreamStarted>(_ => Sender.Tell(Ack.Instance));
        Receive<IReadOnlyList<EventEnvelope>>(Project);
        Receive<Saved>(saved => saved.Stream.Tell(Ack.Instance));
        Receive<CaughtUp>(_ => FollowLive());
        Receive<StreamFailed>(failed =>
        {
            _log.Error(failed.Cause, "The session list projection failed; restarting it");
            throw new InvalidOperationException("Session projection stream failed", failed.Cause);
        });
        Receive<ListSessions>(list => Sender.Tell(new SessionList(
            _sessions.Values.OrderByDescending(s => s.UpdatedAt).Take(Math.Max(1, list.Limit)).ToArray())));
        Receive<StatusQuery>(query => query.ReplyTo.Tell(query.Status with { SessionCount = _sessions.Count }));
    }

    /// <summary>Fills in the session count of a status another actor started.</summary>
    public sealed record StatusQuery(BrainStatus Status, IActorRef ReplyTo);

    public static Props Props(SessionIndexStore store, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new SessionIndex(store, registry));

    protected override void PreStart()
    {
        _store.EnsureCreated();
        var (sessions, offset) = _store.Load();
        foreach (var (session, openTurn) in sessions)
        {
            _sessions[session.SessionId] = session;
            if (openTurn)
            {
                _openTurns.Add(session.SessionId);
            }
        }

        _offset = offset;
        _materializer = Context.Materializer();

        // First read what was written while the projection was down, then resume the turns the brain
        // was stopped in, then follow new events as they come.
        Journal.CurrentEventsByTag(SessionEventTagger.Tag, Offset.Sequence(_offset))
            .GroupedWithin(500, TimeSpan.FromMilliseconds(20))
            .Select(batch => (IReadOnlyList<EventEnvelope>)batch.ToList())
            .RunWith(Sink.ActorRefWithAck<IReadOnlyList<EventEnvelope>>(Self, StreamStarted.Instance, Ack.Instance, CaughtUp.Instance, ex => new StreamFailed(ex)), _materializer!);
    }

    private SqlReadJournal Journal =>
        PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>("akka.persistence.query.journal.sql");

    private void FollowLive()
    {
        foreach (var sessionId in _openTurns)
        {
            _registry.Tell(new ResumeTurn(sessionId));
        }

        Journal.EventsByTag(SessionEventTagger.Tag, Offset.Sequence(_offset))
            .GroupedWithin(500, TimeSpan.FromMilliseconds(20))
            .Select(batch => (IReadOnlyList<EventEnvelope>)batch.ToList())
            .RunWith(Sink.ActorRefWithAck<IReadOnlyList<EventEnvelope>>(Self, StreamStarted.Instance, Ack.Instance, StreamCompleted.Instance, ex => new StreamFailed(ex)), _materializer!);
    }

    private void Project(IReadOnlyList<EventEnvelope> batch)
    {
        var changed = new Dictionary<string, IndexRow>();
        foreach (var envelope in batch)
        {
            if (envelope.Event is ISessionEvent evt && envelope.PersistenceId.StartsWith("session-", StringComparison.Ordinal))
            {
                var id = envelope.PersistenceId["session-".Length..];
                var next = Apply(_sessions.GetValueOrDefault(id), id, envelope.SequenceNr, evt);
                _sessions[id] = next;
                if (evt is UserMessage or ToolCall or ToolResponse)
                {
                    _openTurns.Add(id);
                }
                else if (evt is AgentMessage or SystemMessage)
                {
                    _openTurns.Remove(id);
                }

                changed[id] = new IndexRow(next, _openTurns.Contains(id));
            }

            if (envelope.Offset is Sequence sequence)
            {
                _offset = Math.Max(_offset, sequence.Value);
            }
        }

        // The stream waits for this ack, so rows and offset are saved before the next batch is read.
        var replyTo = Sender;
        _store.SaveAsync(changed.Values, _offset).PipeTo(Self, success: () => new Saved(replyTo), failure: ex => new StreamFailed(ex));
    }

    /// <summary>Idempotent: an event already counted (same or lower sequence number) changes nothing.</summary>
    public static SessionSummary Apply(SessionSummary? current, string sessionId, long seq, ISessionEvent evt)
    {
        if (current is not null && seq <= current.LastSeq)
        {
            return current;
        }

        current ??= new SessionSummary(sessionId, string.Empty, 0, evt.At, evt.At, 0);
        return current with
        {
            Title = current.Title.Length > 0 ? current.Title : SessionState.TitleFrom(evt) ?? string.Empty,
            MessageCount = current.MessageCount + (evt is UserMessage or AgentMessage ? 1 : 0),
            CreatedAt = evt is SessionStarted ? evt.At : current.CreatedAt,
            UpdatedAt = evt.At,
            LastSeq = seq,
        };
    }

    private sealed class StreamStarted
    {
        public static readonly StreamStarted Instance = new();
    }

    private sealed class StreamCompleted
    {
        public static readonly StreamCompleted Instance = new();
    }

    private sealed class CaughtUp
    {
        public static readonly CaughtUp Instance = new();
    }

    private sealed class Ack
    {
        public static readonly Ack Instance = new();
    }

    private sealed record StreamFailed(Exception Cause);

    private sealed record Saved(IActorRef Stream);
}

public sealed class SessionIndexKey;

public static class SessionIndexHosting
{
    public static AkkaConfigurationBuilder AddSessionIndex(this AkkaConfigurationBuilder builder, string connectionString) =>
        builder.WithActors((system, registry) =>
            registry.Register<SessionIndexKey>(system.ActorOf(
                SessionIndex.Props(new SessionIndexStore(connectionString), registry.Get<SessionRegistryKey>()),
                "session-index")));
}
