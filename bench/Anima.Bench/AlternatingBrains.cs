using System.Diagnostics;

namespace Anima.Bench;

/// <summary>
/// Brains that differ only in their settings, started in the same run, take the same turns in blocks that alternate
/// between them (each block starts with another brain, so none always follows the same one): the machine's drift within
/// the run falls on all of them alike, and their figures compare as A/B.
/// </summary>
/// <param name="Setups">Each brain's name and the settings its anima.conf adds.</param>
/// <param name="Question">The message of the i-th turn (warm-up turns count from 0, measured ones from 1,000).</param>
/// <param name="Settle">
/// Whether each block waits until its brain is idle, counting what it did meanwhile as its turns' CPU: for deferred work
/// (memories encoded once turns stop) that must not fall into the next brain's block.
/// </param>
public sealed record AlternatingBrains(IReadOnlyList<(string Name, string Settings)> Setups, Func<int, string> Question, bool Settle)
{
    private const int Blocks = 10;

    /// <summary>Seconds of warm-up turns per brain: its JIT tiers up the turn path (and an encoder loads).</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(6);

    /// <summary>What each brain measured, in the order of <see cref="Setups"/>.</summary>
    public sealed record Result(string Name, Samples FirstDelta, TimeSpan Cpu, int Turns, long Rss)
    {
        public double CpuPerTurnMs => Cpu.TotalMilliseconds / Turns;
    }

    public async Task<IReadOnlyList<Result>> RunAsync(string fakeBaseUrl, string apiKey, string label, BenchSizes sizes, Action<string> log)
    {
        var homes = Setups.Select((s, i) => new BenchHome(label + "-" + i, s.Settings)).ToList();
        var brains = new List<BrainProcess>();
        var clients = new List<ProbedClient>();
        try
        {
            log($"{label}: {Setups.Count} brains ({string.Join("; ", Setups.Select(s => s.Name))}), warm-up, then {sizes.Turns} turns each in {Blocks} alternating blocks…");
            foreach (var home in homes)
            {
                brains.Add(BrainProcess.Start(home.Home, fakeBaseUrl, apiKey));
            }

            foreach (var brain in brains)
            {
                clients.Add(new ProbedClient(await brain.ConnectWhenReadyAsync("bench-" + label, TimeSpan.FromSeconds(60))));
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
                sessions.Add(await client.NewAttachedSessionAsync(label));
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

                    if (Settle)
                    {
                        await SettledAsync(brains[b]);
                    }

                    cpu[b] += brains[b].CpuTime() - before;
                }
            }

            return [.. Setups.Select((s, b) => new Result(s.Name, firstDelta[b], cpu[b], perBlock * Blocks, brains[b].Rss()))];
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
}
