using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>
/// The journal read as streams, a page at a time on pooled connections: one stream's events, the events of a
/// tag or all events from an offset, the persistence ids. Each query comes current (what is there when it
/// starts, then it completes) and live (then whatever is written after, woken by the writer's commits).
/// Every envelope carries its event's tags; offsets are <see cref="Sequence"/>s of the global ordering.
/// </summary>
public sealed class SqliteReadJournal :
    IReadJournal,
    ICurrentEventsByPersistenceIdQuery,
    IEventsByPersistenceIdQuery,
    ICurrentEventsByTagQuery,
    IEventsByTagQuery,
    ICurrentAllEventsQuery,
    IAllEventsQuery,
    ICurrentPersistenceIdsQuery,
    IPersistenceIdsQuery
{
    /// <summary>The default read journal's configuration path, for <c>PersistenceQuery.ReadJournalFor</c>.</summary>
    public const string Identifier = SqlitePersistence.QueryConfigPath;

    private readonly SqliteStore _store;
    private readonly EventCodec _codec;
    private readonly int _pageSize;
    private readonly TimeSpan _refreshInterval;

    internal SqliteReadJournal(ExtendedActorSystem system, Config config)
    {
        var settings = config.WithFallback(SqlitePersistence.DefaultQueryConfiguration);
        _store = SqlitePersistence.Get(system).StoreOf(settings.GetString("write-plugin"));
        _codec = new EventCodec(system, defaultSerializer: null);
        _pageSize = settings.GetInt("max-buffer-size", 1000);
        _refreshInterval = settings.GetTimeSpan("refresh-interval", TimeSpan.FromSeconds(1));
        if (_pageSize <= 0 || _refreshInterval <= TimeSpan.Zero)
        {
            throw new ConfigurationException($"max-buffer-size ({_pageSize}) and refresh-interval ({_refreshInterval}) of the SQLite read journal must be above zero.");
        }
    }

    public Source<EventEnvelope, NotUsed> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        ByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: false);

    public Source<EventEnvelope, NotUsed> EventsByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr) =>
        ByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: true);

    /// <summary>Events with the tag whose ordering is above <paramref name="offset"/>, up to the newest at the start of the query.</summary>
    public Source<EventEnvelope, NotUsed> CurrentEventsByTag(string tag, Offset offset) => ByOrdering(tag, offset, live: false);

    /// <summary>Events with the tag whose ordering is above <paramref name="offset"/>, and every one written after.</summary>
    public Source<EventEnvelope, NotUsed> EventsByTag(string tag, Offset offset) => ByOrdering(tag, offset, live: true);

    public Source<EventEnvelope, NotUsed> CurrentAllEvents(Offset offset) => ByOrdering(null, offset, live: false);

    public Source<EventEnvelope, NotUsed> AllEvents(Offset offset) => ByOrdering(null, offset, live: true);

    public Source<string, NotUsed> CurrentPersistenceIds() => PersistenceIds(live: false);

    public Source<string, NotUsed> PersistenceIds() => PersistenceIds(live: true);

    private Source<EventEnvelope, NotUsed> ByPersistenceId(string persistenceId, long fromSequenceNr, long toSequenceNr, bool live) =>
        Pages(
            live ? "EventsByPersistenceId" : "CurrentEventsByPersistenceId",
            () => new EventsByPersistenceIdReader(_store, _codec, _pageSize, persistenceId, fromSequenceNr, toSequenceNr, live),
            live);

    private Source<EventEnvelope, NotUsed> ByOrdering(string? tag, Offset offset, bool live)
    {
        // Checked here, so a wrong offset fails the call, not the stream later.
        _ = new EventsByOrderingReader(_store, _codec, _pageSize, tag, offset, live);
        var name = (tag, live) switch
        {
            (null, false) => "CurrentAllEvents",
            (null, true) => "AllEvents",
            (_, false) => "CurrentEventsByTag",
            (_, true) => "EventsByTag",
        };
        return Pages(name, () => new EventsByOrderingReader(_store, _codec, _pageSize, tag, offset, live), live);
    }

    private Source<string, NotUsed> PersistenceIds(bool live) =>
        Pages(live ? "PersistenceIds" : "CurrentPersistenceIds", () => new PersistenceIdsReader(_store, _pageSize, live), live);

    private Source<T, NotUsed> Pages<T>(string name, Func<IJournalPageReader<T>> start, bool live) =>
        Source.FromGraph(new JournalPages<T>(name, start, _store, live ? _refreshInterval : null));
}
