using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Actors.Configuration;
using Anima.Actors.Persistence;
using Anima.Actors.Sessions;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Microsoft.Data.Sqlite;

namespace Anima.Bench;

/// <summary>
/// The brain's journal stack in this process: the real <see cref="SessionActor"/> (recording only, no
/// agent) on the brain's configuration and database file. It writes the long session the attach
/// measurement reads, and measures the journal with no remoting and no LLM in the way.
/// </summary>
public sealed class InProcessJournal : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(120);
    private readonly ActorSystem _system;
    private readonly SessionSettings _settings;

    private InProcessJournal(ActorSystem system, SessionSettings settings)
    {
        _system = system;
        _settings = settings;
    }

    public int SnapshotEvery => _settings.SnapshotEvery;

    /// <summary>
    /// Akka's in-memory journal and local snapshot store instead of ours: the same actors, messages and
    /// acknowledgements with no storage at all, i.e. the most any journal could give through Akka.Persistence here.
    /// </summary>
    public const string InMemory = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
        """;

    /// <param name="hocon">Journal settings on top of the brain's (ANIMA_BENCH_JOURNAL_HOCON adds more, for experiments).</param>
    public static async Task<InProcessJournal> StartAsync(AnimaHome home, string? hocon = null)
    {
        var overrides = ConfigurationFactory.ParseString(
            "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING\n"
            + $"akka.persistence.snapshot-store.local.dir = \"{Path.Combine(home.Root, "tmp", "snapshots").Replace("\\", "/", StringComparison.Ordinal)}\"\n"
            + hocon + "\n" + Environment.GetEnvironmentVariable("ANIMA_BENCH_JOURNAL_HOCON"));
        var settings = AnimaConfig.ForBrain(home, "production", port: 0, overrides);
        SqliteDatabase.Prepare(settings.DatabaseFile);
        var system = ActorSystem.Create("anima", settings.Config);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new InProcessJournal(system, SessionSettings.From(settings.Config));
    }

    /// <summary>
    /// <paramref name="sessions"/> sessions each persist <paramref name="messagesPerSession"/> user messages
    /// one after another (each acknowledged before the next), all sessions at once. Returns events per second.
    /// </summary>
    public async Task<double> ConcurrentUserMessagesAsync(int sessions, int messagesPerSession)
    {
        var actors = new List<(string Id, IActorRef Actor)>();
        for (var i = 0; i < sessions; i++)
        {
            var id = $"tput-{i:d4}-{Guid.NewGuid():N}"[..24];
            var actor = _system.ActorOf(SessionActor.Props(id, _settings), "session-" + id);
            await actor.Ask<SessionCreated>(new StartSession(id, "throughput"), AskTimeout);
            actors.Add((id, actor));
        }

        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(actors.Select(async a =>
        {
            for (var m = 0; m < messagesPerSession; m++)
            {
                await a.Actor.Ask<UserMessageAccepted>(new AppendUserMessage(a.Id, $"message {m}: why does the service keep restarting?", "c"), AskTimeout);
            }
        }));
        var perSecond = sessions * messagesPerSession / Stopwatch.GetElapsedTime(start).TotalSeconds;
        foreach (var (_, actor) in actors)
        {
            _system.Stop(actor);
        }

        return perSecond;
    }

    /// <summary>Writes a session of <paramref name="events"/> events (questions and replies) in batches; returns its id.</summary>
    public async Task<string> WriteLongSessionAsync(int events)
    {
        var id = "long-" + Guid.NewGuid().ToString("N")[..12];
        var actor = _system.ActorOf(SessionActor.Props(id, _settings), "session-" + id);
        await actor.Ask<SessionCreated>(new StartSession(id, $"{events:N0} events"), AskTimeout);
        var at = DateTimeOffset.UtcNow;
        var written = 1;
        while (written < events)
        {
            var batch = new List<ISessionEvent>(1_000);
            for (var i = 0; i < 1_000 && written + batch.Count < events; i++)
            {
                var n = written + batch.Count;
                // Questions on even numbers, so the stream ends on a reply (an open turn would be resumed on recovery).
                batch.Add(n % 2 == 0
                    ? new UserMessage($"Question {n}: what does the log say about the failing build?", at)
                    : new AgentMessage($"Answer {n}: the build fails because a package is missing; install it and retry.", at, Usage: new TokenUsage(900, 40)));
            }

            await actor.Ask<EventsAppended>(new AppendEvents(id, batch), AskTimeout);
            written += batch.Count;
        }

        _system.Stop(actor);
        return id;
    }

    /// <summary>One session, one user message at a time, acked in process: the journal's own write latency.</summary>
    public async Task<Samples> SingleWriterLatencyAsync(int messages)
    {
        var id = "latency-" + Guid.NewGuid().ToString("N")[..12];
        var actor = _system.ActorOf(SessionActor.Props(id, _settings), "session-" + id);
        await actor.Ask<SessionCreated>(new StartSession(id, "latency"), AskTimeout);
        var samples = new Samples();
        for (var m = 0; m < messages + 100; m++)
        {
            var start = Stopwatch.GetTimestamp();
            await actor.Ask<UserMessageAccepted>(new AppendUserMessage(id, $"message {m}", "c"), AskTimeout);
            if (m >= 100)
            {
                samples.AddSince(start);
            }
        }

        _system.Stop(actor);
        return samples;
    }

    /// <summary>The read side alone: how long the journal query the attach uses takes for events from <paramref name="fromSeq"/>.</summary>
    public async Task<(double Ms, int Events)> QueryAsync(string sessionId, long fromSeq)
    {
        var journal = JournalStream.ReadJournal(_system);
        var start = Stopwatch.GetTimestamp();
        var events = await journal.CurrentEventsByPersistenceId("session-" + sessionId, fromSeq, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer());
        return (Samples.Ms(start, Stopwatch.GetTimestamp()), events.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(20));
        SqliteConnection.ClearAllPools();
    }
}
