using System.Diagnostics;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// What the mind costs a turn: three brains in the same run, one without a mind, one with it (its appraisal by the
/// lexicon alone), one with the appraisal's small-model call beside every turn; each takes the same turns, in blocks
/// that alternate between them, so the machine's drift within the run falls on all three alike.
/// </summary>
public static class MindOverhead
{
    private const int Blocks = 10;

    /// <summary>Seconds of warm-up turns per brain: its JIT tiers up the turn path (BenchRun's WarmupTime, shorter: three brains).</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(6);

    public static async Task<(IReadOnlyList<BenchRow> Rows, IReadOnlyList<string> Notes)> MeasureAsync(
        string fakeBaseUrl, string apiKey, BenchSizes sizes, Action<string> log)
    {
        var setups = new (string Name, string Settings)[]
        {
            ("without a mind", "anima.mind.enabled = off"),
            ("with the mind, lexical appraisal", "anima.mind.appraisal.model = off"),
            ("with the mind, small-model appraisal", string.Empty),
        };
        var homes = setups.Select((s, i) => new BenchHome("mind-" + i, s.Settings)).ToList();
        var brains = new List<BrainProcess>();
        var clients = new List<ProbedClient>();
        try
        {
            log($"the mind's cost: three brains ({string.Join("; ", setups.Select(s => s.Name))}), warm-up, then {sizes.Turns} turns each in {Blocks} alternating blocks…");
            foreach (var home in homes)
            {
                brains.Add(BrainProcess.Start(home.Home, fakeBaseUrl, apiKey));
            }

            foreach (var brain in brains)
            {
                clients.Add(new ProbedClient(await brain.ConnectWhenReadyAsync("bench-mind", TimeSpan.FromSeconds(60))));
            }

            for (var b = 0; b < brains.Count; b++)
            {
                var warmUp = await clients[b].NewAttachedSessionAsync("warm-up");
                var started = Stopwatch.GetTimestamp();
                for (var t = 0; t < sizes.WarmupTurns || Stopwatch.GetElapsedTime(started) < WarmupTime; t++)
                {
                    await clients[b].TurnAsync(warmUp, $"warm-up {t}");
                }
            }

            var sessions = new List<string>();
            foreach (var client in clients)
            {
                sessions.Add(await client.NewAttachedSessionAsync("mind-cost"));
            }

            var firstDelta = brains.Select(_ => new Samples()).ToList();
            var cpu = brains.Select(_ => TimeSpan.Zero).ToList();
            var perBlock = Math.Max(1, sizes.Turns / Blocks);
            for (var block = 0; block < Blocks; block++)
            {
                for (var k = 0; k < brains.Count; k++)
                {
                    // Each block starts with another brain, so none always follows the same one.
                    var b = (block + k) % brains.Count;
                    var before = brains[b].CpuTime();
                    for (var t = 0; t < perBlock; t++)
                    {
                        var turn = await clients[b].TurnAsync(sessions[b], $"turn {(block * perBlock) + t}: why does the service keep restarting?");
                        firstDelta[b].Add(turn.FirstDeltaMs);
                    }

                    cpu[b] += brains[b].CpuTime() - before;
                }
            }

            var turns = perBlock * Blocks;
            var off = firstDelta[0];
            var rows = new List<BenchRow>
            {
                new(
                    $"the mind's added time per turn, its appraisal call aside: post → first delta p50 with the mind (lexical appraisal) − without ({turns} turns each, alternating blocks, same run)",
                    $"{Ms(firstDelta[1].P50 - off.P50)} ({Ms(firstDelta[1].P50)} vs {Ms(off.P50)})",
                    $"{Ms(off.P50)} (a turn without the mind)",
                    Ratio(firstDelta[1].P50 / off.P50),
                    "≤ 0.3 ms p50",
                    firstDelta[1].P50 - off.P50 <= 0.3),
                new(
                    "the same with the appraisal's small-model call beside every turn (off the critical path)",
                    $"{Ms(firstDelta[2].P50 - off.P50)} ({Ms(firstDelta[2].P50)} vs {Ms(off.P50)})",
                    $"{Ms(off.P50)} (a turn without the mind)",
                    Ratio(firstDelta[2].P50 / off.P50),
                    "—",
                    null),
            };
            var notes = new List<string>
            {
                "The mind's cost per turn, p99 post → first delta: "
                    + string.Join("; ", setups.Select((s, i) => $"{s.Name} {Ms(firstDelta[i].P99)}"))
                    + ". Brain CPU per turn: " + string.Join("; ", setups.Select((s, i) => $"{s.Name} {Ms(cpu[i].TotalMilliseconds / turns)}"))
                    + " (the small-model brain's includes its appraisal calls).",
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
}
