using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Actors.Configuration;
using Anima.Actors.Journal;
using Anima.Actors.Protocol;
using Anima.Actors.Sessions;
using Anima.Client.Configuration;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Persistence.Sqlite;
using Anima.Persistence.Sqlite.Storage;
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
    private readonly SqliteStore? _store;

    private InProcessJournal(ActorSystem system, SessionSettings settings)
    {
        _system = system;
        _settings = settings;
        // Our journal's writer, when the sessions write through it (not on NoStorage or an experiment's journal).
        _store = system.Settings.Config.GetString("akka.persistence.journal.plugin") == SqlitePersistence.JournalConfigPath
            ? SqlitePersistence.Get(system).StoreOf(SqlitePersistence.JournalConfigPath)
            : null;
    }

    public int SnapshotEvery => _settings.SnapshotEvery;

    /// <summary>
    /// <see cref="NullJournal"/> and its snapshot store instead of ours: the same actors, messages and
    /// acknowledgements with no storage at all, i.e. the most any journal could give through Akka.Persistence here.
    /// </summary>
    public const string NoStorage = """
        akka.persistence.journal.plugin = "anima.bench.null-journal"
        akka.persistence.snapshot-store.plugin = "anima.bench.null-snapshot-store"
        anima.bench.null-journal.class = "Anima.Bench.NullJournal, anima-bench"
        anima.bench.null-snapshot-store.class = "Anima.Bench.NullSnapshotStore, anima-bench"
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
        var system = ActorSystem.Create("anima", UnhostedBrain.Config(settings));
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new InProcessJournal(system, SessionSettings.From(settings.Config));
    }

    /// <summary>
    /// <paramref name="sessions"/> sessions each persist <paramref name="messagesPerSession"/> user messages, all
    /// sessions at once; each session's writer keeps <paramref name="inFlight"/> messages unacknowledged (1: each
    /// acked before the next). Returns events per second and the process's CPU time per event.
    /// </summary>
    public async Task<Throughput> ConcurrentUserMessagesAsync(int sessions, int messagesPerSession, int inFlight)
    {
        var actors = new List<(string Id, IActorRef Actor)>();
        for (var i = 0; i < sessions; i++)
        {
            var id = $"tput-{i:d4}-{Guid.NewGuid():N}"[..24];
            var actor = _system.ActorOf(SessionActor.Props(id, _settings), "session-" + id);
            await actor.Ask<SessionCreated>(new StartSession(id, "throughput"), AskTimeout);
            actors.Add((id, actor));
        }

        var writers = actors.Select(a => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var writerBefore = _store?.WriterStats;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < actors.Count; i++)
        {
            // Not Props.Create(() => new …): Akka compiles (JITs) arguments that are not plain captured variables.
            _system.ActorOf(Props.Create(typeof(PipelinedWriter), actors[i].Id, actors[i].Actor, messagesPerSession, inFlight, writers[i]));
        }

        await Task.WhenAll(writers.Select(w => w.Task)).WaitAsync(AskTimeout);
        if (_store is not null)
        {
            // The index the writer keeps in bulk is part of every write's cost: paid up before the clock stops.
            await _store.IndexStreamsAsync();
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var events = sessions * messagesPerSession;
        var writer = _store?.WriterStats is { } after && writerBefore is { } before
            ? new WriterWork(
                (after.Busy - before.Busy) / elapsed,
                (after.WalFrames - before.WalFrames) / (double)events,
                events / (double)Math.Max(1, after.Commits - before.Commits),
                events / (double)Math.Max(1, after.Writes - before.Writes))
            : null;
        foreach (var (_, actor) in actors)
        {
            _system.Stop(actor);
        }

        return new Throughput(events / elapsed.TotalSeconds, cpu.TotalMicroseconds / events, cpu / elapsed, allocated / (double)events, writer);
    }

    /// <summary>
    /// <see cref="ConcurrentUserMessagesAsync"/> at its steady state, which is what a brain running for days sees:
    /// warm-up rounds at a fifth of the size until two in a row agree within 10 % (the JIT has settled), then three
    /// rounds, each right after a run of <paramref name="baseline"/> (when given), of which the median one by its
    /// ratio to the run before it. A single round swung by a third between runs on a shared machine, and the
    /// machine's speed drifts within a run as much: a baseline measured minutes earlier is not the same machine.
    /// </summary>
    public async Task<Paired> SteadyUserMessagesAsync(int sessions, int messagesPerSession, int inFlight, Func<double>? baseline = null)
    {
        double previous = 0;
        for (var warmUp = 0; warmUp < 6; warmUp++)
        {
            var round = await ConcurrentUserMessagesAsync(sessions, Math.Max(1, messagesPerSession / 5), inFlight);
            if (Math.Abs(round.PerSecond - previous) <= 0.1 * previous)
            {
                break;
            }

            previous = round.PerSecond;
        }

        var rounds = new List<Paired>();
        for (var i = 0; i < 3; i++)
        {
            var before = baseline?.Invoke() ?? double.NaN;
            rounds.Add(new Paired(await ConcurrentUserMessagesAsync(sessions, messagesPerSession, inFlight), before));
        }

        return rounds.OrderBy(r => baseline is null ? r.Throughput.PerSecond : r.Ratio).ElementAt(1);
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
            await actor.Ask<UserMessageAccepted>(new AppendUserMessage(id, $"message {m}", $"c{m}"), AskTimeout);
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

    /// <param name="CpuMicrosecondsPerEvent">All threads of the process, over the measured span.</param>
    /// <param name="CoresBusy">CPU time over wall time: how much of the machine the run kept busy.</param>
    /// <param name="BytesAllocatedPerEvent">Managed allocations of the whole process per event.</param>
    /// <param name="Writer">What the journal's one writer did meanwhile; null when the sessions did not write through it.</param>
    public sealed record Throughput(double PerSecond, double CpuMicrosecondsPerEvent, double CoresBusy, double BytesAllocatedPerEvent, WriterWork? Writer);

    /// <summary>A measured round and the baseline run just before it (NaN: none).</summary>
    public sealed record Paired(Throughput Throughput, double Baseline)
    {
        public double Ratio => Throughput.PerSecond / Baseline;
    }

    /// <param name="Busy">Share of the measured time the writer spent committing (1: it is what everything waits for).</param>
    /// <param name="WalFramesPerEvent">Pages written to the WAL per event: a write at commit and a copy at checkpoint each.</param>
    public sealed record WriterWork(double Busy, double WalFramesPerEvent, double EventsPerCommit, double EventsPerWrite);

    /// <summary>A client posting to one session, keeping up to <c>inFlight</c> messages unacknowledged; stops when all are.</summary>
    private sealed class PipelinedWriter : ReceiveActor
    {
        public PipelinedWriter(string sessionId, IActorRef session, int messages, int inFlight, TaskCompletionSource done)
        {
            var sent = 0;
            var acked = 0;
            // Each post its own correlation id: a repeated one is answered without being written.
            void Send() => session.Tell(new AppendUserMessage(sessionId, $"message {sent}: why does the service keep restarting?", $"c{sent++}"), Self);

            Receive<UserMessageAccepted>(_ =>
            {
                if (++acked == messages)
                {
                    done.TrySetResult();
                    Context.Stop(Self);
                }
                else if (sent < messages)
                {
                    Send();
                }
            });
            while (sent < Math.Min(inFlight, messages))
            {
                Send();
            }
        }
    }
}
