using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Anima.FakeAnthropic;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// A real brain with memory, through a scripted 200-turn session against the fake provider (which bills as the prompt
/// cache does): long answers, a tool round every fourth turn, 20 facts told first and asked for in the last 20 turns,
/// then again in a new session. Measures the cached share of input, the billed input against no caching, whether each
/// fact came back, idle RSS before and after the encoder loads, and the first delta while summaries run.
/// </summary>
public static class MemorySession
{
    private const string ApiKey = "sk-ant-bench";
    private const string SummaryModel = "claude-summary-bench";
    private const int Facts = 20;

    /// <summary>How long one summary takes to stream: the turns posted meanwhile are the "while summarising" ones.</summary>
    private static readonly TimeSpan SummaryTime = TimeSpan.FromSeconds(2);

    public static async Task<(IReadOnlyList<BenchRow> Rows, IReadOnlyList<string> Notes)> MeasureAsync(int turns, Action<string> log)
    {
        var rows = new List<BenchRow>();
        var notes = new List<string>();
        await using var fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = ApiKey });
        var summaries = new ConcurrentBag<long>();
        var agentModel = (string?)null;
        fake.AnswerModel(Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
        fake.AnswerModel(SummaryModel, _ =>
        {
            summaries.Add(Stopwatch.GetTimestamp());
            return FakeResponse.Slow("Summary: the user and the agent talked about builds, meetings and the weather at length.", SummaryTime / 22, chunkSize: 4);
        });
        var turn = 0;
        fake.DefaultResponder = request =>
        {
            agentModel ??= request.Model;
            var toolResult = request.Messages[^1]?["content"] is System.Text.Json.Nodes.JsonArray blocks && blocks.Any(b => b?["type"]?.GetValue<string>() == "tool_result");
            return !toolResult && Volatile.Read(ref turn) % 4 == 0
                ? FakeResponse.ToolUse(("toolu_" + Volatile.Read(ref turn), "bash", """{"command":"echo checked"}"""))
                : FakeResponse.Text(LongAnswer(Volatile.Read(ref turn)));
        };

        using var home = new BenchHome("mneme-session", $"""
            anima.agent.context-budget = 12000
            anima.memory.summary-model = "{SummaryModel}"
            # the tool rounds run without asking: a turn waiting for an approval nobody gives never ends
            anima.tools.permissions.allow = ["bash(echo)"]
            """);
        await using var brain = BrainProcess.Start(home.Home, fake.BaseUrl, ApiKey);
        await using var client = new ProbedClient(await brain.ConnectWhenReadyAsync("bench-mneme", TimeSpan.FromSeconds(60)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idleRss = brain.Rss();

        log($"mneme: a {turns}-turn session with tool rounds and long answers…");
        var session = await client.NewAttachedSessionAsync("memory");
        var timings = new List<TurnTiming>();
        for (var i = 1; i <= turns; i++)
        {
            Volatile.Write(ref turn, i);
            var text = i <= Facts
                ? "Please remember this: " + RecallSet.Items[i - 1].Fact
                : i > turns - Facts
                    ? RecallSet.Items[i - (turns - Facts) - 1].Question
                    : $"Turn {i}. " + string.Join(' ', RecallSet.Filler(3, i));
            timings.Add(await TurnAsync(client, brain, session, text, i));
            if (i == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2)); // Mneme has encoded the first messages
                notes.Add($"Brain RSS after the first turn (the encoder loaded by Mneme's first memory): {Num(brain.Rss() / 1048576.0, " MB")}.");
            }

            if (i % 50 == 0)
            {
                log($"  turn {i}");
            }
        }

        log("mneme: the same questions in a new session…");
        var fresh = await client.NewAttachedSessionAsync("memory, again");
        foreach (var (_, question, _) in RecallSet.Items.Take(Facts))
        {
            Volatile.Write(ref turn, 1); // no tool rounds
            await TurnAsync(client, brain, fresh, question, 0);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var withEncoder = brain.Rss();
        var requests = fake.Requests.Where(r => r.Path == "/v1/messages" && r.Model == agentModel).ToList();

        // The cache: the session's calls after its first five turns, billed as the provider bills (reads 0.1×, writes 1.25×).
        var firstSession = requests.Take(requests.Count - Facts).ToList();
        var sixthTurn = firstSession.FindIndex(r => r.LastUserText == "Please remember this: " + RecallSet.Items[5].Fact);
        var measured = firstSession.Skip(Math.Max(0, sixthTurn)).Where(r => r.Cache is not null).ToList();
        double read = measured.Sum(r => r.Cache!.CacheReadTokens), written = measured.Sum(r => r.Cache!.CacheWriteTokens), all = measured.Sum(r => r.Cache!.TotalInputTokens);
        var billed = (all - read - written) + (0.1 * read) + (1.25 * written);
        rows.Add(new BenchRow($"cached share of input tokens ({turns}-turn session, tool rounds, long answers; after the first 5 turns; {measured.Count} calls)", Percent(read / all), $"{all:N0} input tokens, {read:N0} read, {written:N0} written", "—", "≥ 85 %", read / all >= 0.85));
        rows.Add(new BenchRow("billed input cost vs caching off (the same calls at 1×)", Ratio(billed / all), $"{all:N0} token-prices uncached", Ratio(billed / all), "≤ 0.25×", billed / all <= 0.25));

        // Each fact, asked for after it left the window (turns 181–200) and in a new session: in that call's context?
        (int Found, int Recalled, int Relevant) Check(IEnumerable<(string Question, string Marker)> asked, Func<RecordedRequest, bool> inSession)
        {
            var found = 0;
            var recalled = 0;
            var relevant = 0;
            foreach (var (question, marker) in asked)
            {
                var call = requests.First(r => r.LastUserText == question && inSession(r));
                if (call.Body!.ToJsonString().Contains(marker, StringComparison.Ordinal) || (call.InnerState ?? "").Contains(marker, StringComparison.Ordinal))
                {
                    found++;
                }

                var lines = RecalledLines(call.InnerState);
                recalled += lines.Count;
                relevant += lines.Count(l => l.Contains(marker, StringComparison.Ordinal));
            }

            return (found, recalled, relevant);
        }

        var asked = RecallSet.Items.Take(Facts).Select(f => (f.Question, f.Marker)).ToList();
        var callsInFirst = firstSession.ToHashSet();
        var late = Check(asked, r => callsInFirst.Contains(r));
        var newSession = Check(asked, r => !callsInFirst.Contains(r));
        rows.Add(new BenchRow($"a fact told in turns 1–{Facts}, asked at turns {turns - Facts + 1}–{turns}: in the call's context", $"{late.Found} of {Facts}", $"precision of what was recalled {Percent(late.Relevant / (double)Math.Max(1, late.Recalled))} ({late.Relevant} of {late.Recalled})", "—", "100 %", late.Found == Facts));
        rows.Add(new BenchRow($"the same {Facts} facts asked in a new session", $"{newSession.Found} of {Facts}", $"precision {Percent(newSession.Relevant / (double)Math.Max(1, newSession.Recalled))} ({newSession.Relevant} of {newSession.Recalled})", "—", "100 %", newSession.Found == Facts));
        rows.Add(new BenchRow("idle brain RSS before any recall / with the encoder loaded (after the sessions)", $"{Num(idleRss / 1048576.0, " MB")} / {Num(withEncoder / 1048576.0, " MB")}", "—", "—", "≤ 150 MB / report", idleRss <= 150L * 1048576));

        // The first delta of turns posted while a summary was streaming, against the others.
        var windows = summaries.Select(start => (start, end: start + (long)(SummaryTime.TotalSeconds * Stopwatch.Frequency))).ToList();
        var during = new Samples();
        var outside = new Samples();
        foreach (var timing in timings.Skip(10))
        {
            (windows.Any(w => timing.PostedAt >= w.start && timing.PostedAt <= w.end) ? during : outside).Add(timing.FirstDeltaMs);
        }

        rows.Add(new BenchRow($"post → first delta while a summary runs (p50, {during.Count} turns) vs not ({outside.Count} turns)", Ms(during.P50), Ms(outside.P50), Ratio(during.P50 / outside.P50), "unchanged within noise", during.Count == 0 ? null : during.P50 <= outside.P50 * 1.25 + 2));
        notes.Add($"Memory session: {summaries.Count} summaries made; load average {MnemeFigures.LoadAverage()} at the end; post → first delta p50 {Ms(Samples50(timings))} over all {timings.Count} turns (recall included).");
        foreach (var line in brain.LastLines().Where(l => l.Contains("Mneme", StringComparison.Ordinal) || l.Contains("summar", StringComparison.OrdinalIgnoreCase)).TakeLast(3))
        {
            notes.Add("The brain said: " + line.Trim());
        }

        await brain.StopAsync();
        return (rows, notes);
    }

    private static async Task<TurnTiming> TurnAsync(ProbedClient client, BrainProcess brain, string session, string text, int turn)
    {
        try
        {
            return await client.TurnAsync(session, text);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Turn {turn} did not finish ({ex.Message}); brain alive: {!brain.HasExited}; the brain said:\n{string.Join('\n', brain.LastLines())}", ex);
        }
    }

    private static double Samples50(List<TurnTiming> timings)
    {
        var samples = new Samples();
        timings.ForEach(t => samples.Add(t.FirstDeltaMs));
        return samples.P50;
    }

    /// <summary>The memories listed in a call's recall section.</summary>
    private static List<string> RecalledLines(string? innerState)
    {
        var at = innerState?.IndexOf("What this brings back", StringComparison.Ordinal) ?? -1;
        if (innerState is null || at < 0)
        {
            return [];
        }

        return [.. innerState[at..].Split('\n').Skip(1).TakeWhile(l => l.StartsWith("- (", StringComparison.Ordinal))];
    }

    /// <summary>About 300 words: an answer as long as a real one, different every turn.</summary>
    private static string LongAnswer(int turn)
    {
        var text = new StringBuilder($"Here is a longer answer for turn {turn}. ");
        foreach (var sentence in RecallSet.Filler(20, 1000 + turn))
        {
            text.Append("Thinking about it, ").Append(sentence).Append(' ');
        }

        return text.ToString();
    }
}
