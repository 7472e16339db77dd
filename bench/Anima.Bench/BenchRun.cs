using System.Diagnostics;
using Anima.Client;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// One run: the baselines, then a real brain process with the fake LLM on loopback and remote clients,
/// each figure next to the limit measured moments before on the same machine.
/// </summary>
public sealed class BenchRun(BenchSizes sizes, Action<string> log, IReadOnlySet<string>? only = null)
{
    private const string ApiKey = "sk-ant-bench";

    /// <summary>Messages each session's writer keeps unacknowledged in the journal-throughput row.</summary>
    private const int InFlight = 16;

    /// <summary>
    /// How long the latency row's warm-up turns run at least: until the brain's JIT has tiered up its turn path
    /// (dotnet-counters on the brain: 500–1,200 methods compiled a second for the first 6–7 s of turns, then none).
    /// </summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(10);
    private readonly List<BenchRow> _rows = [];
    private readonly List<string> _notes = [];
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "anima-bench-" + Environment.ProcessId);
    private FakeAnthropicServer _fake = null!;
    private Samples _tcp = null!;
    private Samples _sqliteSingle = null!;
    private double _sqliteBatched;
    private double _sqliteStreams;

    public IReadOnlyList<BenchRow> Rows => _rows;

    public IReadOnlyList<string> Notes => _notes;

    public async Task RunAsync()
    {
        try
        {
            await BaselinesAsync();
            _fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = ApiKey, RecordRequests = false });
            // A fixed answer: echoing would make the fake parse every conversation, which is not the brain's time.
            var answer = FakeResponse.Text("Understood: the build fails because a package is missing.");
            _fake.DefaultResponder = _ => answer;
            // The mind's appraisal of each message, by its small model (the default): answered at once, nothing found.
            _fake.AnswerModel(Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
            var directStream = await DirectStreamAsync();

            if (Runs("main"))
            {
                using var home = new BenchHome("main");
                await using var brain = StartBrain(home);
                await using var client = new ProbedClient(await brain.ConnectWhenReadyAsync("bench", TimeSpan.FromSeconds(60)));
                var welcomeMs = Samples.Ms(brain.StartedAt, Stopwatch.GetTimestamp());
                await brain.WaitListeningAsync(TimeSpan.FromSeconds(30));
                var listeningMs = Samples.Ms(brain.StartedAt, brain.ListeningAt);
                await Task.Delay(TimeSpan.FromSeconds(3));
                var idleRss = brain.Rss();

                // The TUI is timed against the brain at rest, before the turns below: after them the brain is still busy
                // (memory encoding the burst's messages: 29 % of a core while the TUI was timed on 12-05), and the
                // TUI's start shared the two cores with it.
                var unpainted = new List<string>();
                var brainCpuBefore = brain.CpuTime();
                var paintsStarted = Stopwatch.GetTimestamp();
                var paints = TuiStartup.Measure(home.Home.Root, brain.Address.ToString(), runs: 5, unpainted.Add);
                _notes.Add($"TUI start: the brain used {(brain.CpuTime() - brainCpuBefore).TotalMilliseconds / Samples.Ms(paintsStarted, Stopwatch.GetTimestamp()) * 100:0} % of a core while the TUI runs were measured.");

                await Guarded("TurnLatencyAsync", () => TurnLatencyAsync(client, brain));
                await Guarded("DeltaRelayAsync", () => DeltaRelayAsync(client, directStream));
                await Guarded("RemoteJournalAsync", () => RemoteJournalAsync(brain));
                await Guarded("ConcurrentTurnsAsync", () => ConcurrentTurnsAsync(brain));

                Add(new BenchRow("idle brain RSS (fresh, one client connected)", Num(idleRss / 1048576.0, " MB"), "—", "—", "≤ 150 MB", idleRss <= 150L * 1048576));
                Add(new BenchRow("brain start → accepting clients (process start → Welcome)", Ms(welcomeMs), $"\"listening on\" printed at {Ms(listeningMs)}", "—", "≤ 1.5 s", welcomeMs <= 1_500));
                if (unpainted.Count > 0)
                {
                    _notes.Add($"TUI start: {unpainted.Count} of 5 runs showed no status bar within 20 s; the first one's screen: {unpainted[0]}");
                }

                Add(paints.Count == 0
                    ? new BenchRow("TUI start → first paint", "n/a (tmux not installed)", "—", "—", "≤ 0.7 s", null)
                    : new BenchRow($"TUI start → first paint (process start → status bar on a 120×40 tmux screen, median of {paints.Count})", Ms(Median(paints)), "—", "—", "≤ 0.7 s", Median(paints) <= 700));
                await brain.StopAsync();
            }

            if (Runs("connect"))
            {
                await Guarded("ColdConnectAsync", ColdConnectAsync);
            }

            if (Runs("mind"))
            {
                await Guarded("MindOverheadAsync", async () =>
                {
                    var (rows, notes) = await MindOverhead.MeasureAsync(_fake.BaseUrl, ApiKey, sizes, log);
                    rows.ToList().ForEach(Add);
                    _notes.AddRange(notes);
                });
            }

            if (Runs("history") || Runs("journal"))
            {
                await Guarded("HistoryAsync", () => HistoryAsync());
            }

            if (Runs("memory"))
            {
                await Guarded("PassivationAsync", () => PassivationAsync());
            }

            if (Runs("mcp"))
            {
                await Guarded("McpRoundTrip", async () => Add(await McpRoundTrip.MeasureAsync(sizes, log)));
            }

            if (Runs("tools"))
            {
                await Guarded("ToolDispatchAsync", async () => (await ToolDispatch.MeasureAsync(_scratch)).ToList().ForEach(Add));
            }

            // "mneme" runs all four; each also runs alone: mneme-cost, mneme-recall, mneme-session, mneme-quality.
            if (Runs("mneme") || Runs("mneme-cost"))
            {
                await Guarded("MemoryOverheadAsync", async () =>
                {
                    var (rows, notes) = await MemoryOverhead.MeasureAsync(sizes, log);
                    rows.ToList().ForEach(Add);
                    _notes.AddRange(notes);
                });
            }

            if (Runs("mneme") || Runs("mneme-recall"))
            {
                await Guarded("RecallLatency", () =>
                {
                    MnemeFigures.RecallLatency(Path.Combine(_scratch, "mneme"), 10_000, sizes.Quick ? 100 : 400, log, _notes).ToList().ForEach(Add);
                    return Task.CompletedTask;
                });
            }

            if (Runs("mneme") || Runs("mneme-session"))
            {
                await Guarded("MemorySession", async () =>
                {
                    var (rows, notes) = await MemorySession.MeasureAsync(int.TryParse(Environment.GetEnvironmentVariable("ANIMA_BENCH_MEMORY_TURNS"), out var t) ? t : 200, log);
                    rows.ToList().ForEach(Add);
                    _notes.AddRange(notes);
                });
            }

            if (Runs("mneme") || Runs("mneme-quality"))
            {
                await Guarded("RecallQuality", () =>
                {
                    MnemeFigures.RecallQuality(Path.Combine(_scratch, "mneme"), 2_000, log).ToList().ForEach(Add);
                    return Task.CompletedTask;
                });
            }
        }
        finally
        {
            if (_fake is not null)
            {
                await _fake.DisposeAsync();
            }

            try
            {
                Directory.Delete(_scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A failed measurement becomes a row saying why, and the run goes on to the next.</summary>
    private async Task Guarded(string name, Func<Task> measure)
    {
        try
        {
            await measure();
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or Akka.Actor.AskTimeoutException or BrainUnavailableException)
        {
            Add(new BenchRow($"{name}", "failed", "—", "—", "—", false));
            _notes.Add($"{name} failed: {ex.Message.Split('\n')[0]}");
            log(ex.ToString());
        }
    }

    private bool Runs(string section) => BenchOptions.Sections.Any(s => s.Name == section)
        ? only is null || only.Count == 0 || only.Contains(section)
        : throw new ArgumentException($"Section '{section}' is not in BenchOptions.Sections, which --only and --help list.", nameof(section));

    private BrainProcess StartBrain(BenchHome home, bool plainTcp = false)
    {
        var brain = BrainProcess.Start(home.Home, _fake.BaseUrl, ApiKey, plainTcp: plainTcp);
        log($"  brain pid {brain.Pid} on 127.0.0.1:{brain.Port}, ANIMA_HOME {home.Home.Root}");
        return brain;
    }

    private void Add(BenchRow row)
    {
        _rows.Add(row);
        log($"  {row.Figure}: {row.Measured} (baseline {row.Baseline}, ratio {row.Ratio}, target {row.Target})");
    }

    private async Task BaselinesAsync()
    {
        log("baselines: loopback TCP, raw SQLite…");
        _tcp = await Baselines.LoopbackRoundTripAsync(sizes.BaselineSamples);
        _sqliteSingle = Baselines.SqliteSingleRowInsert(Path.Combine(_scratch, "raw"), sizes.BaselineSamples);
        _sqliteBatched = Baselines.SqliteBatchedRowsPerSecond(Path.Combine(_scratch, "raw"), sizes.BaselineRows);
        _sqliteStreams = Baselines.SqliteInterleavedStreamsRowsPerSecond(Path.Combine(_scratch, "raw"), sizes.BaselineRows, sizes.JournalSessions);
        _notes.Add($"Baselines: loopback TCP round trip p50 {Ms(_tcp.P50)}, p99 {Ms(_tcp.P99)}; raw SQLite single-row transaction p50 {Ms(_sqliteSingle.P50)}, "
            + $"p99 {Ms(_sqliteSingle.P99)}; raw SQLite 100 rows per transaction {Num(_sqliteBatched, " rows/s")} (WAL, synchronous=NORMAL); "
            + $"the same with the rows spread over {sizes.JournalSessions} streams, indexed by stream and tag as a journal must: {Num(_sqliteStreams, " rows/s")}.");
    }

    /// <summary>
    /// What a user waits for at every command and TUI start: a fresh client process connecting to a running brain.
    /// TLS against plain TCP (<see cref="Anima.Client.Trust.PlainTcpBaseline"/>), the same build, alternating.
    /// </summary>
    private async Task ColdConnectAsync()
    {
        log($"cold connect: a fresh 'anima status' {sizes.ColdConnects} times over TLS and over plain TCP, alternating…");
        using var tlsHome = new BenchHome("connect-tls");
        using var plainHome = new BenchHome("connect-plain");
        await using var tls = StartBrain(tlsHome);
        await using var plain = StartBrain(plainHome, plainTcp: true);
        await tls.WaitListeningAsync(TimeSpan.FromSeconds(60));
        await plain.WaitListeningAsync(TimeSpan.FromSeconds(60));

        // Once each first: a brain's own first connection (its side's JIT) is not what every command pays.
        await ColdClient.StatusAsync(tlsHome.Home, tls.Address, plainTcp: false);
        await ColdClient.StatusAsync(plainHome.Home, plain.Address, plainTcp: true);
        var tlsAnswered = new Samples();
        var tlsExited = new Samples();
        var plainAnswered = new Samples();
        var plainExited = new Samples();
        for (var i = 0; i < sizes.ColdConnects; i++)
        {
            foreach (var plainTcp in i % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var (answered, exited) = plainTcp
                    ? await ColdClient.StatusAsync(plainHome.Home, plain.Address, plainTcp: true)
                    : await ColdClient.StatusAsync(tlsHome.Home, tls.Address, plainTcp: false);
                (plainTcp ? plainAnswered : tlsAnswered).Add(answered);
                (plainTcp ? plainExited : tlsExited).Add(exited);
            }
        }

        Add(new BenchRow(
            $"client cold connect: a fresh 'anima status', process start → status printed (TLS; median of {tlsAnswered.Count})",
            Ms(tlsAnswered.P50),
            $"{Ms(plainAnswered.P50)} (plain TCP, same build)",
            Ratio(tlsAnswered.P50 / plainAnswered.P50),
            "≤ 1.2×",
            tlsAnswered.P50 <= 1.2 * plainAnswered.P50));
        Add(new BenchRow(
            $"client cold connect: the same, process start → exit (median of {tlsExited.Count})",
            Ms(tlsExited.P50),
            $"{Ms(plainExited.P50)} (plain TCP)",
            Ratio(tlsExited.P50 / plainExited.P50),
            "≤ 1.2×",
            tlsExited.P50 <= 1.2 * plainExited.P50));
        _notes.Add($"Cold connect spread: TLS status printed p50 {Ms(tlsAnswered.P50)}, max {Ms(tlsAnswered.P(100))}; plain p50 {Ms(plainAnswered.P50)}, "
            + $"max {Ms(plainAnswered.P(100))} (load average when done: {LoadAverage()}).");
        await tls.StopAsync();
        await plain.StopAsync();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private async Task<(int Deltas, double PerSecond)> DirectStreamAsync()
    {
        // Warm the HTTP path once, then measure.
        _fake.Enqueue(RelayResponse(200));
        await Baselines.DirectStreamAsync(_fake.BaseUrl, ApiKey);
        _fake.Enqueue(RelayResponse(sizes.RelayDeltas));
        return await Baselines.DirectStreamAsync(_fake.BaseUrl, ApiKey);
    }

    private static FakeResponse RelayResponse(int deltas) => FakeResponse.Text(string.Concat(Enumerable.Repeat("0123456789abcdef", deltas))) with { ChunkSize = 16 };

    private async Task TurnLatencyAsync(ProbedClient client, BrainProcess brain)
    {
        log($"brain overhead: warm-up turns for {WarmupTime.TotalSeconds:0} s, then {sizes.Turns} turns, one at a time…");
        // In a session of their own, so the measured session's context grows from empty as any new session's does.
        var warmUp = await client.NewAttachedSessionAsync("warm-up");
        var afterStart = new Samples();
        var warmUpTurns = 0;
        for (var started = Stopwatch.GetTimestamp(); warmUpTurns < sizes.WarmupTurns || Stopwatch.GetElapsedTime(started) < WarmupTime; warmUpTurns++)
        {
            var turn = await TurnAsync(client, brain, warmUp, warmUpTurns);
            if (warmUpTurns < sizes.Turns)
            {
                afterStart.Add(turn.FirstDeltaMs);
            }
        }

        var session = await client.NewAttachedSessionAsync("latency");
        var firstDelta = new Samples();
        var ack = new Samples();
        var brainCpu = brain.CpuTime();
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < sizes.Turns; i++)
        {
            var turn = await TurnAsync(client, brain, session, i);
            firstDelta.Add(turn.FirstDeltaMs);
            ack.Add(turn.AckMs);
        }

        brainCpu = brain.CpuTime() - brainCpu;
        benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
        _notes.Add($"The first {afterStart.Count:N0} turns after the brain started (its JIT still tiering up the turn path, {warmUpTurns:N0} warm-up turns in all): "
            + $"post → first delta p50 {Ms(afterStart.P50)}, p99 {Ms(afterStart.P99)}; the brain-overhead row is measured after them, in a session of its own.");
        _notes.Add($"CPU per turn, one at a time: brain {Ms(brainCpu.TotalMilliseconds / sizes.Turns)}, "
            + $"bench process (remote client and fake LLM) {Ms(benchCpu.TotalMilliseconds / sizes.Turns)}; the two processes share {Environment.ProcessorCount} cores.");
        var ping = new Samples();
        for (var i = 0; i < sizes.Turns; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await client.Client.RequestAsync<Anima.Messages.Clients.Pong>(new Anima.Messages.Clients.Ping(i));
            ping.Add(Samples.Ms(sent, Stopwatch.GetTimestamp()));
        }

        _notes.Add($"Remote request round trip with no journal (client Ping → brain's connection actor → Pong): p50 {Ms(ping.P50)}, p99 {Ms(ping.P99)}.");
        var baseP50 = _tcp.P50 + _sqliteSingle.P50;
        var baseP99 = _tcp.P99 + _sqliteSingle.P99;
        Add(new BenchRow(
            $"brain overhead: post → first streamed delta, p50 / p99 ({firstDelta.Count} turns of a new session, after warm-up turns while the JIT settled)",
            $"{Ms(firstDelta.P50)} / {Ms(firstDelta.P99)}",
            $"{Ms(baseP50)} / {Ms(baseP99)} (TCP round trip + SQLite insert)",
            $"{Ratio(firstDelta.P50 / baseP50)} / {Ratio(firstDelta.P99 / baseP99)}",
            "p50 ≤ 2 ms, p99 ≤ 10 ms",
            firstDelta.P50 <= 2 && firstDelta.P99 <= 10));
        _notes.Add($"Remote post → ack in the same turns: p50 {Ms(ack.P50)}, p99 {Ms(ack.P99)}; the loopback TCP round trip alone is "
            + $"{Ratio(_tcp.P50 / _sqliteSingle.P50)} the raw SQLite single-row transaction, so the journal row below is measured in process.");
    }

    private static async Task<TurnTiming> TurnAsync(ProbedClient client, BrainProcess brain, string session, int i)
    {
        try
        {
            return await client.TurnAsync(session, $"turn {i}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Turn {i} did not finish ({ex.Message}); brain alive: {!brain.HasExited}; the brain said:\n{string.Join('\n', brain.LastLines())}", ex);
        }
    }

    private async Task DeltaRelayAsync(ProbedClient client, (int Deltas, double PerSecond) direct)
    {
        log($"delta relay: one reply of {sizes.RelayDeltas} deltas…");
        var session = await client.NewAttachedSessionAsync("relay");
        _fake.Enqueue(RelayResponse(sizes.RelayDeltas));
        var turn = await client.TurnAsync(session, "stream");
        var probe = client.Probe(session);
        // Text per second, not messages: the brain coalesces tokens that arrive within 10 ms into one delta.
        // Both spans run from the request (the post, the HTTP send) to the last character.
        var expected = 16L * sizes.RelayDeltas;
        var perSecond = probe.Characters / Samples.Ms(turn.PostedAt, probe.LastDeltaAt) * 1000;
        Add(new BenchRow(
            $"streamed text relayed fake LLM → client ({probe.Characters:N0} of {expected:N0} characters arrived, in {probe.Deltas:N0} deltas from {sizes.RelayDeltas:N0})",
            Num(perSecond, " chars/s"),
            Num(direct.PerSecond, " chars/s (fake read by HttpClient)"),
            Percent(perSecond / direct.PerSecond),
            "≥ 95 %",
            perSecond >= 0.95 * direct.PerSecond && probe.Characters == expected));
    }

    private async Task RemoteJournalAsync(BrainProcess brain)
    {
        var sessionsCount = sizes.JournalSessions;
        log($"journal through the brain: {sessionsCount} sessions posting at once…");
        var clients = await ClientsAsync(brain, 4);
        try
        {
            var sessions = await Task.WhenAll(Enumerable.Range(0, sessionsCount).Select(i => clients[i % clients.Count].Client.CreateSessionAsync("journal")));
            var start = Stopwatch.GetTimestamp();
            var lastSeqs = await Task.WhenAll(sessions.Select(async (id, i) =>
            {
                var client = clients[i % clients.Count].Client;
                var last = 0L;
                for (var m = 0; m < sizes.RemoteMessagesPerSession; m++)
                {
                    last = (await client.PostAsync(id, $"message {m}: why does the service keep restarting?")).Seq;
                }

                return last;
            }));
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var posts = sessionsCount * sizes.RemoteMessagesPerSession / seconds;

            // Every post starts a turn (a call to the fake LLM, the agent's reply journaled): events written up to each session's last post.
            var events = lastSeqs.Sum(seq => seq - 1) / seconds;
            Add(new BenchRow(
                $"through the brain: {sessionsCount} sessions, remote clients posting, each post acked before the next and answered by the agent (whole turns, not the journal alone)",
                $"{Num(posts, " posts/s")} ({Num(events, " events/s")})",
                Num(_sqliteBatched, " rows/s (raw, 100/tx)"),
                Percent(events / _sqliteBatched),
                "—",
                null));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }

        await QuietAsync();
    }

    private async Task ConcurrentTurnsAsync(BrainProcess brain)
    {
        log($"{sizes.ConcurrentSessions} sessions × {sizes.TurnsPerSession} turns at once over {sizes.ConcurrentClients} clients…");
        var clients = await ClientsAsync(brain, sizes.ConcurrentClients);
        try
        {
            var sessions = await Task.WhenAll(Enumerable.Range(0, sizes.ConcurrentSessions).Select(async i =>
            {
                var client = clients[i % clients.Count];
                return (Client: client, Id: await client.NewAttachedSessionAsync("concurrent"));
            }));
            // Warm-up on other sessions: the bench's own clients and fake LLM were JIT-compiling (tier 1) through the
            // first burst, on the two cores the brain needs. The measured sessions still take their first turns in it.
            var warmUp = await Task.WhenAll(Enumerable.Range(0, sizes.ConcurrentSessions / 4).Select(i => clients[i % clients.Count].NewAttachedSessionAsync("warm-up")));
            await Task.WhenAll(warmUp.Select(async (id, i) =>
            {
                for (var t = 0; t < 2; t++)
                {
                    await clients[i % clients.Count].TurnAsync(id, $"warm-up {t}");
                }
            }));
            await QuietAsync();

            var firstDelta = new Samples();
            var errors = 0;
            string? firstError = null;
            var brainCpu = brain.CpuTime();
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(sessions.Select(async s =>
            {
                for (var t = 0; t < sizes.TurnsPerSession; t++)
                {
                    try
                    {
                        var turn = await s.Client.TurnAsync(s.Id, $"turn {t}");
                        firstDelta.Add(turn.FirstDeltaMs);
                        if (turn.Outcome != TurnOutcome.Completed)
                        {
                            Interlocked.Increment(ref errors);
                            firstError ??= $"turn ended {turn.Outcome}";
                        }
                    }
                    catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or Akka.Actor.AskTimeoutException)
                    {
                        Interlocked.Increment(ref errors);
                        firstError ??= ex.Message;
                    }
                }
            }));
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var turns = sizes.ConcurrentSessions * sizes.TurnsPerSession;
            _notes.Add($"CPU per turn in the {sizes.ConcurrentSessions} × {sizes.TurnsPerSession} burst: brain {Ms((brain.CpuTime() - brainCpu).TotalMilliseconds / turns)}, "
                + $"bench process {Ms((Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalMilliseconds / turns)}; with every turn in flight at once, "
                + $"a post waits for the turns ahead of it on {Environment.ProcessorCount} cores.");
            Add(new BenchRow(
                $"{sizes.ConcurrentSessions} sessions × {sizes.TurnsPerSession} turns at once: turns/s, p50 / p99 overhead (post → first delta)",
                $"{Num(turns / elapsed, " turns/s")}; {Ms(firstDelta.P50)} / {Ms(firstDelta.P99)}; {errors} errors",
                "—",
                "—",
                "no error, p99 ≤ 50 ms",
                errors == 0 && firstDelta.P99 <= 50));
            if (firstError is not null)
            {
                _notes.Add($"Concurrent turns: first error: {firstError}");
            }
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private async Task HistoryAsync()
    {
        // Memory off: the long session is written in process, so a brain with Mneme would catch up on its every message
        // at start (an inference each, minutes of a core) beside the attach, which measures the journal's recovery.
        using var home = new BenchHome("history", "anima.memory.enabled = off");
        log($"journal in process: {sizes.JournalSessions} SessionActors × {sizes.JournalMessagesPerSession} messages; writing a {sizes.HistoryEvents:N0}-event session…");
        InProcessJournal.Throughput ceiling;
        using (var noStorageHome = new BenchHome("no-storage"))
        {
            await using var noStorage = await InProcessJournal.StartAsync(noStorageHome.Home, InProcessJournal.NoStorage);
            ceiling = (await noStorage.SteadyUserMessagesAsync(sizes.JournalSessions, sizes.JournalMessagesPerSession, InFlight)).Throughput;
        }

        string longSession;
        string recentSession;
        await using (var journal = await InProcessJournal.StartAsync(home.Home))
        {
            // Each round right after a raw run, and its ratio to that run: the machine's speed drifts within a run.
            double RawRun() => Baselines.SqliteBatchedRowsPerSecondOnceMore(Path.Combine(_scratch, "raw"), sizes.BaselineRows);
            var (pipelined, raw) = await journal.SteadyUserMessagesAsync(sizes.JournalSessions, sizes.JournalMessagesPerSession, InFlight, RawRun);
            Add(new BenchRow(
                $"journal throughput: {sizes.JournalSessions} sessions writing at once, {InFlight} messages in flight each (SessionActor → journal, in process; "
                    + "3 rounds after warm-up, each right after a raw run; the median ratio)",
                Num(pipelined.PerSecond, " events/s"),
                $"{Num(raw, " rows/s")} (raw, 100/tx, the run before); {Num(_sqliteStreams, " rows/s")} (raw, 100/tx over {sizes.JournalSessions} indexed streams); "
                    + $"{Num(ceiling.PerSecond, " events/s")} (the same actors on a journal that stores nothing)",
                $"{Percent(pipelined.PerSecond / raw)}; {Percent(pipelined.PerSecond / _sqliteStreams)}; {Percent(pipelined.PerSecond / ceiling.PerSecond)}",
                // Information, no target: the old one (half the raw baseline) is retired; what users feel is in the rows below.
                "—",
                null));
            var (oneAtATime, rawAgain) = await journal.SteadyUserMessagesAsync(sizes.JournalSessions, sizes.JournalMessagesPerSession, 1, RawRun);
            Add(new BenchRow(
                $"the same, each write acknowledged before the session's next ({sizes.JournalSessions} events in flight in all)",
                Num(oneAtATime.PerSecond, " events/s"),
                $"{Num(rawAgain, " rows/s")} (raw, 100/tx, the run before); {Num(_sqliteStreams, " rows/s")} (raw, 100/tx over {sizes.JournalSessions} indexed streams)",
                $"{Percent(oneAtATime.PerSecond / rawAgain)}; {Percent(oneAtATime.PerSecond / _sqliteStreams)}",
                "—",
                null));
            _notes.Add($"Journal throughput, per event (whole process): {pipelined.CpuMicrosecondsPerEvent:0.0} µs of CPU and {pipelined.BytesAllocatedPerEvent:N0} B allocated "
                + $"on SQLite ({pipelined.CoresBusy:0.0} of {Environment.ProcessorCount} cores busy); {ceiling.CpuMicrosecondsPerEvent:0.0} µs and {ceiling.BytesAllocatedPerEvent:N0} B "
                + $"storing nothing ({ceiling.CoresBusy:0.0} busy); one at a time {oneAtATime.CpuMicrosecondsPerEvent:0.0} µs and {oneAtATime.BytesAllocatedPerEvent:N0} B "
                + $"({oneAtATime.CoresBusy:0.0} busy).");
            if (pipelined.Writer is { } writer)
            {
                _notes.Add($"The journal's one writer thread, {InFlight} in flight: committing {Percent(writer.Busy)} of the time, {writer.EventsPerCommit:0} events a commit ({writer.EventsPerCommit / writer.EventsPerWrite:0} sessions' writes of {writer.EventsPerWrite:0.0}), "
                    + $"{writer.WalFramesPerEvent:0.00} WAL pages (4 KB) written per event"
                    + (oneAtATime.Writer is { } alone ? $"; one at a time: {Percent(alone.Busy)}, {alone.EventsPerCommit:0} events a commit, {alone.WalFramesPerEvent:0.00} pages per event." : "."));
            }

            var single = await journal.SingleWriterLatencyAsync(Math.Min(1_000, sizes.BaselineSamples));
            Add(new BenchRow(
                "one user message persisted and acknowledged (SessionActor → journal → ack, in process), p50",
                $"{Ms(single.P50)} (p99 {Ms(single.P99)})",
                $"{Ms(_sqliteSingle.P50)} (SQLite single-row tx)",
                Ratio(single.P50 / _sqliteSingle.P50),
                "≤ 3× baseline",
                single.P50 <= 3 * _sqliteSingle.P50));
            var start = Stopwatch.GetTimestamp();
            longSession = await journal.WriteLongSessionAsync(sizes.HistoryEvents);
            var writeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            // A brain loads the most recent session as it starts; this one is more recent, so attaching to the long
            // session below still recovers it.
            recentSession = await journal.WriteLongSessionAsync(1_500);
            var lastScreen = await journal.QueryAsync(longSession, sizes.HistoryEvents - 199);
            var lastScreenAgain = await journal.QueryAsync(longSession, sizes.HistoryEvents - 199);
            var whole = await journal.QueryAsync(longSession, 1);
            _notes.Add($"Journal query alone (CurrentEventsByPersistenceId, in process): last 200 events {Ms(lastScreen.Ms)} first, {Ms(lastScreenAgain.Ms)} again; "
                + $"all {whole.Events:N0} events {Ms(whole.Ms)} ({Num(whole.Events / whole.Ms * 1000, " events/s")}).");
            _notes.Add($"Writing the {sizes.HistoryEvents:N0}-event session in batches of 1,000 (AppendEvents → PersistAll) took {writeSeconds:0.0} s "
                + $"({Num(sizes.HistoryEvents / writeSeconds, " events/s")}), snapshots every {journal.SnapshotEvery:N0} events included.");
        }

        if (!Runs("history"))
        {
            return;
        }

        log("attach to the long session…");
        await using var brain = StartBrain(home);
        await using var client = new ProbedClient(await brain.ConnectWhenReadyAsync("bench-attach", TimeSpan.FromSeconds(60)));

        async Task<(double Ms, int Events)> AttachAsync(int? maxHistory, string? sessionId = null)
        {
            var id = sessionId ?? longSession;
            var sessionProbe = client.Probe(id);
            client.Client.Detach(id);
            sessionProbe.ArmHistory();
            var start = Stopwatch.GetTimestamp();
            client.Client.Attach(id, 0, maxHistory);
            long done;
            try
            {
                done = await sessionProbe.HistoryDone.WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Attach got {sessionProbe.HistoryEvents} events in a minute; the brain said:\n{string.Join('\n', brain.LastLines())}");
            }

            return (Samples.Ms(start, done), sessionProbe.HistoryEvents);
        }

        // The first attach after a start runs code neither process has run yet (in the bench's client, which is not
        // compiled ahead of time, most of it): measured on its own, on the most recent session, which the brain
        // loaded as it started. The long session is then attached cold (it recovers) on warm code.
        var first = await AttachAsync(200, recentSession);
        client.Client.Detach(recentSession);
        _notes.Add($"First attach after the brain started (the most recent session, loaded at start; one-time code in brain and client): {Ms(first.Ms)}.");

        var cold = await AttachAsync(200);
        var warm = new Samples();
        for (var i = 0; i < sizes.AttachRepeats; i++)
        {
            warm.Add((await AttachAsync(200)).Ms);
        }

        var full = await AttachAsync(null);
        var fullAgain = await AttachAsync(null);
        var ok = cold.Events == 200 && full.Events == sizes.HistoryEvents && fullAgain.Events == sizes.HistoryEvents;
        Add(new BenchRow(
            $"attach to a {sizes.HistoryEvents:N0}-event session: first screen (200 events) at the client; cold (session recovers) / warm p50",
            $"{Ms(cold.Ms)} / {Ms(warm.P50)}",
            $"{Ms(Math.Min(full.Ms, fullAgain.Ms))} (whole stream, {full.Events:N0} events)",
            Ratio(warm.P50 / Math.Min(full.Ms, fullAgain.Ms)),
            "≤ 100 ms",
            ok && cold.Ms <= 100 && warm.P50 <= 100));
        if (!ok)
        {
            _notes.Add($"Attach: expected 200 / {sizes.HistoryEvents} events, got {cold.Events} / {full.Events} / {fullAgain.Events}.");
        }

        await client.DisposeAsync();
        await brain.StopAsync();
    }

    private async Task PassivationAsync()
    {
        using var home = new BenchHome("memory");
        var count = sizes.PassivatedSessions;
        log($"memory: {count:N0} sessions created, brain restarted, each recovered then passivated…");
        // A few hundred more, recovered and passivated before the baseline: the first recoveries load code and open
        // read connections once, which is not what a session costs.
        const int warmUp = 200;
        string[] ids;
        await using (var first = StartBrain(home))
        {
            var clients = await ClientsAsync(first, 4, ready: true);
            ids = await InBatchesAsync(count + warmUp, 64, i => clients[i % clients.Count].Client.CreateSessionAsync());
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            await first.StopAsync();
        }

        await using var brain = StartBrain(home);
        var clientsAgain = await ClientsAsync(brain, 4, ready: true);
        var restartMs = Samples.Ms(brain.StartedAt, Stopwatch.GetTimestamp());
        Task<string[]> RecoverAsync(string[] sessions) => InBatchesAsync(sessions.Length, 64, async i =>
        {
            var client = clientsAgain[i % clientsAgain.Count];
            var probe = client.Probe(sessions[i]);
            probe.ArmHistory();
            client.Client.Attach(sessions[i], 0, 1);
            await probe.HistoryDone.WaitAsync(TimeSpan.FromSeconds(60));
            client.Client.Detach(sessions[i]);
            return sessions[i];
        });

        await RecoverAsync(ids[count..]);
        // passivate-after = 2s; give the idle checks, the stops and the memory trim time to happen.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var before = brain.Rss();
        await RecoverAsync(ids[..count]);
        var peak = brain.Rss();
        await Task.Delay(TimeSpan.FromSeconds(8));
        var after = brain.Rss();
        var perSession = (after - before) / (double)count;
        Add(new BenchRow(
            $"RSS per recovered-then-passivated session ({count:N0} sessions)",
            Num(perSession / 1024, " KB"),
            $"RSS {Num(before / 1048576.0, " MB")} before (after {warmUp} others went the same way), {Num(peak / 1048576.0, " MB")} with all loaded, {Num(after / 1048576.0, " MB")} 8 s later",
            "—",
            "≤ 2 KB",
            perSession <= 2048));
        _notes.Add($"Brain restart with {count:N0} sessions in the journal → accepting clients: {Ms(restartMs)}.");
        if (brain.LastLines().LastOrDefault(l => l.Contains("gave back", StringComparison.Ordinal)) is { } trimmed)
        {
            _notes.Add($"The brain, once the sessions were idle: \"{trimmed[(trimmed.IndexOf("] ", StringComparison.Ordinal) + 2)..].Trim()}\".");
        }
        await Task.WhenAll(clientsAgain.Select(c => c.DisposeAsync().AsTask()));
        await brain.StopAsync();
    }

    private static async Task<List<ProbedClient>> ClientsAsync(BrainProcess brain, int count, bool ready = false)
    {
        var clients = new List<ProbedClient>();
        for (var i = 0; i < count; i++)
        {
            var client = ready && i == 0
                ? await brain.ConnectWhenReadyAsync("bench-0", TimeSpan.FromSeconds(60))
                : await brain.ConnectAsync($"bench-{i}");
            clients.Add(new ProbedClient(client));
        }

        return clients;
    }

    private static async Task<T[]> InBatchesAsync<T>(int count, int inFlight, Func<int, Task<T>> work)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                results[i] = await work(i);
            }
        }));
        return results;
    }

    /// <summary>Waits until the fake LLM has had no request for a second: the agents are done answering.</summary>
    private async Task QuietAsync()
    {
        var last = -1;
        for (var i = 0; i < 60 && _fake.RequestCount != last; i++)
        {
            last = _fake.RequestCount;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
