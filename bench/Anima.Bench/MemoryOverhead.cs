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

        // Every block waits for its brain to settle: the memories encoded once turns stop are its turns' cost, and
        // must not fall into the other brain's block.
        var brains = await new AlternatingBrains(setups, Question, Settle: true).RunAsync(fake.BaseUrl, ApiKey, "memory-cost", sizes, log);
        var (off, on) = (brains[0].FirstDelta, brains[1].FirstDelta);
        var turns = brains[0].Turns;
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
                $"{Ms(brains[1].CpuPerTurnMs)} vs {Ms(brains[0].CpuPerTurnMs)}",
                $"{Ms(brains[0].CpuPerTurnMs)} (memory off)",
                Ratio(brains[1].CpuPerTurnMs / brains[0].CpuPerTurnMs),
                "—",
                null),
        };
        var notes = new List<string>
        {
            $"Memory on vs off: load average {MnemeFigures.LoadAverage()} when done; brain RSS {Num(brains[1].Rss / 1048576.0, " MB")} with memory vs {Num(brains[0].Rss / 1048576.0, " MB")} without.",
        };
        return (rows, notes);
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
