using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// What the mind costs a turn: three brains in the same run, one without a mind, one with it (its appraisal by the
/// lexicon alone), one with the appraisal's small-model call beside every turn; each takes the same turns, in blocks
/// that alternate between them, so the machine's drift within the run falls on all three alike.
/// </summary>
public static class MindOverhead
{
    public static async Task<(IReadOnlyList<BenchRow> Rows, IReadOnlyList<string> Notes)> MeasureAsync(
        string fakeBaseUrl, string apiKey, BenchSizes sizes, Action<string> log)
    {
        var setups = new (string Name, string Settings)[]
        {
            ("without a mind", "anima.mind.enabled = off"),
            ("with the mind, lexical appraisal", "anima.mind.appraisal.model = off"),
            ("with the mind, small-model appraisal", string.Empty),
        };
        var brains = await new AlternatingBrains(setups, i => $"turn {i}: why does the service keep restarting?", Settle: false)
            .RunAsync(fakeBaseUrl, apiKey, "mind", sizes, log);
        var firstDelta = brains.Select(b => b.FirstDelta).ToList();
        var turns = brains[0].Turns;
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
                + ". Brain CPU per turn: " + string.Join("; ", brains.Select(b => $"{b.Name} {Ms(b.CpuPerTurnMs)}"))
                + " (the small-model brain's includes its appraisal calls).",
        };
        return (rows, notes);
    }
}
