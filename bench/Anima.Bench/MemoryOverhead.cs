using System.Diagnostics;
using System.Text;
using Anima.FakeAnthropic;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// What memory costs a turn, as a user feels it: two brains in the same run, one with Mneme off, one with it on (the
/// default), take the same turns in blocks that alternate between them. Every reply differs and is about 600
/// characters, so each one becomes a memory that is encoded (its first 500 characters) between one turn and the next,
/// as in a real conversation; the next message's recall comes right after.
/// </summary>
public static class MemoryOverhead
{
    private const string ApiKey = "sk-ant-bench";
    private const int Blocks = 10;

    /// <summary>Seconds of warm-up turns per brain: its JIT tiers up the turn path, and the encoder loads.</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(6);

    public static async Task<(IReadOnlyList<BenchRow> Rows, IReadOnlyList<string> Notes)> MeasureAsync(BenchSizes sizes, Action<string> log)
    {
        await using var fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = ApiKey, RecordRequests = false });
        fake.AnswerModel(Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
        var answers = 0;
        fake.DefaultResponder = _ => FakeResponse.Text(Answer(Interlocked.Increment(ref answers)));

        var setups = new (string Name, string Settings)[]
        {
            ("memory off", "anima.memory.enabled = off"),
            ("memory on", string.Empty),
        };
        var homes = setups.Select((s, i) => new BenchHome("recall-" + i, s.Settings)).ToList();
        var brains = new List<BrainProcess>();
        var clients = new List<ProbedClient>();
        try
        {
            log($"memory's cost per turn: two brains ({string.Join("; ", setups.Select(s => s.Name))}), warm-up, then {sizes.Turns} turns each in {Blocks} alternating blocks…");
            foreach (var home in homes)
            {
                brains.Add(BrainProcess.Start(home.Home, fake.BaseUrl, ApiKey));
            }

            foreach (var brain in brains)
            {
                clients.Add(new ProbedClient(await brain.ConnectWhenReadyAsync("bench-recall", TimeSpan.FromSeconds(60))));
            }

            for (var b = 0; b < brains.Count; b++)
            {
                var warmUp = await clients[b].NewAttachedSessionAsync("warm-up");
                var started = Stopwatch.GetTimestamp();
                for (var t = 0; t < sizes.WarmupTurns || Stopwatch.GetElapsedTime(started) < WarmupTime; t++)
                {
                    await clients[b].TurnAsync(warmUp, Question(t));
                }
            }

            var sessions = new List<string>();
            foreach (var client in clients)
            {
                sessions.Add(await client.NewAttachedSessionAsync("memory-cost"));
            }

            var firstDelta = brains.Select(_ => new Samples()).ToList();
            var cpu = brains.Select(_ => TimeSpan.Zero).ToList();
            var perBlock = Math.Max(1, sizes.Turns / Blocks);
            for (var block = 0; block < Blocks; block++)
            {
                for (var k = 0; k < brains.Count; k++)
                {
                    var b = (block + k) % brains.Count;
                    var before = brains[b].CpuTime();
                    for (var t = 0; t < perBlock; t++)
                    {
                        var turn = await clients[b].TurnAsync(sessions[b], Question(1_000 + (block * perBlock) + t));
                        firstDelta[b].Add(turn.FirstDeltaMs);
                    }

                    // Its deferred work (the memories encoded once turns stop) is its turns' cost, and must not fall
                    // into the other brain's block: counted here, and waited for.
                    await SettledAsync(brains[b]);
                    cpu[b] += brains[b].CpuTime() - before;
                }
            }

            var turns = perBlock * Blocks;
            var (off, on) = (firstDelta[0], firstDelta[1]);
            var rows = new List<BenchRow>
            {
                new(
                    $"memory's added time per turn: post → first delta p50 with Mneme on − off ({turns} turns each, alternating blocks, same run; every ~600-character reply becomes a memory before the next message)",
                    $"{Ms(on.P50 - off.P50)} ({Ms(on.P50)} vs {Ms(off.P50)})",
                    $"{Ms(off.P50)} (memory off)",
                    Ratio(on.P50 / off.P50),
                    "≤ 5 ms p50",
                    on.P50 - off.P50 <= 5),
                new(
                    "the same, p99",
                    $"{Ms(on.P99)} vs {Ms(off.P99)}",
                    $"{Ms(off.P99)} (memory off)",
                    Ratio(on.P99 / off.P99),
                    "—",
                    null),
                new(
                    "brain CPU per turn, memory on vs off (each block's turns, and what the brain did after them until it was idle: the replies' encodings included)",
                    $"{Ms(cpu[1].TotalMilliseconds / turns)} vs {Ms(cpu[0].TotalMilliseconds / turns)}",
                    $"{Ms(cpu[0].TotalMilliseconds / turns)} (memory off)",
                    Ratio(cpu[1].TotalMilliseconds / cpu[0].TotalMilliseconds),
                    "—",
                    null),
            };
            var notes = new List<string>
            {
                $"Memory on vs off: load average {MnemeFigures.LoadAverage()} when done; brain RSS {Num(brains[1].Rss() / 1048576.0, " MB")} with memory vs {Num(brains[0].Rss() / 1048576.0, " MB")} without.",
            };
            return (rows, notes);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            foreach (var brain in brains)
            {
                await brain.DisposeAsync();
            }

            foreach (var home in homes)
            {
                home.Dispose();
            }
        }
    }

    /// <summary>Until the brain has used under 3 % of a core for 200 ms (at most 30 s).</summary>
    private static async Task SettledAsync(BrainProcess brain)
    {
        var started = Stopwatch.GetTimestamp();
        var last = brain.CpuTime();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            var now = brain.CpuTime();
            if ((now - last).TotalMilliseconds < 6)
            {
                return;
            }

            last = now;
        }
    }

    private static string Question(int i) => $"turn {i}: why does the service keep restarting after the deploy?";

    /// <summary>About 600 characters, different every time: a reply as long as a short real one.</summary>
    private static string Answer(int i)
    {
        var text = new StringBuilder($"Answer {i}. ");
        foreach (var sentence in RecallSet.Filler(9, 5_000 + i))
        {
            text.Append(sentence).Append(' ');
        }

        return text.ToString();
    }
}
