using System.Diagnostics;
using Anima.Actors.Memory;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// Mneme's own figures, in this process on a real store file with the real MiniLM model: what recall adds before a
/// turn's first delta, and where that time goes.
/// </summary>
public static class MnemeFigures
{
    private static readonly string[] Subjects = ["the build", "my sister", "the cat", "our landlord", "the deploy", "Dana", "the garden", "the invoice", "my knee", "the train"];
    private static readonly string[] Verbs = ["failed on", "called about", "needs", "was late for", "moved to", "broke during", "asked for", "skipped", "fixed", "waited on"];
    private static readonly string[] Objects = ["the staging server", "Thursday's meeting", "a new router", "the quarterly report", "the vet", "the bakery order", "a PostgreSQL upgrade", "the bike repair", "the tax form", "the flight to Lisbon"];

    public static IReadOnlyList<BenchRow> RecallLatency(string scratch, int memories, int samples, Action<string> log, List<string> notes)
    {
        Directory.CreateDirectory(scratch);
        using var real = new MiniLmEncoder();
        var encoder = new SeededEncoder(real);
        var random = new Random(42);
        var texts = Enumerable.Range(0, memories).Select(i => Sentence(random, i)).ToList();
        encoder.Learn([.. texts.Take(300)]);
        using var store = new MemoryStore(Path.Combine(scratch, $"recall-{memories}.mneme.db"), encoder);
        log($"mneme: filling a store with {memories:N0} memories…");
        encoder.Seeding = true;
        var at = DateTimeOffset.UtcNow.AddDays(-60);
        foreach (var chunk in texts.Select((t, i) => new NewMemory("s" + (i / 500), MemoryKind.Event, i, i, "user: " + t, at.AddMinutes(i), Feeling.None)).Chunk(1_000))
        {
            store.Add(chunk);
        }

        encoder.Seeding = false;
        var service = new MemoryService(store, MnemeSettings.Default);
        // Every question asked once: the encoder keeps the vectors of the last texts it encoded.
        var questions = Enumerable.Range(0, (samples * 5) + 20).Select(i => "what about " + Sentence(random, i) + "?").ToList();
        var next = 0;

        // Warm: the model loaded, the vectors read, the JIT done.
        for (var i = 0; i < 20; i++)
        {
            service.PrepareAsync("s-new", questions[next++], 0).GetAwaiter().GetResult();
        }

        var encode = new Samples();
        var keywords = new Samples();
        var meaning = new Samples();
        var prepare = new Samples();
        for (var i = 0; i < samples; i++)
        {
            var t = Stopwatch.GetTimestamp();
            real.Encode([questions[next++]]);
            encode.AddSince(t);
            t = Stopwatch.GetTimestamp();
            store.Search(questions[next++], 5, mode: SearchMode.Keywords);
            keywords.AddSince(t);
            t = Stopwatch.GetTimestamp();
            store.Search(questions[next++], 5, mode: SearchMode.Meaning);
            meaning.AddSince(t);
            t = Stopwatch.GetTimestamp();
            service.PrepareAsync("s-new", questions[next++], 0).GetAwaiter().GetResult();
            prepare.AddSince(t);
        }

        // CPU time per recall: what the load on this shared machine inflates least.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < samples; i++)
        {
            service.PrepareAsync("s-new", questions[next++], 0).GetAwaiter().GetResult();
        }

        var cpuPerRecall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / samples;
        notes.Add($"Recall at {memories:N0} memories: CPU time per recall {Ms(cpuPerRecall)} (load average {LoadAverage()} on {Environment.ProcessorCount} cores).");
        notes.Add($"Recall at {memories:N0} memories, p50 / p99: query embedding {Ms(encode.P50)} / {Ms(encode.P99)}; keyword search {Ms(keywords.P50)} / {Ms(keywords.P99)}; meaning search (embedding included) {Ms(meaning.P50)} / {Ms(meaning.P99)}; all of recall {Ms(prepare.P50)} / {Ms(prepare.P99)}.");
        return
        [
            new BenchRow(
                $"recall added to post → first delta ({memories:N0} memories, query embedding included; p50, in process)",
                Ms(prepare.P50),
                $"query embedding alone {Ms(encode.P50)}",
                Ratio(prepare.P50 / encode.P50),
                "≤ 5 ms p50",
                prepare.P50 <= 5),
        ];
    }

    /// <summary>
    /// Recall@5 of <see cref="RecallSet"/>: its 50 facts among <paramref name="filler"/> other memories, each question
    /// asked once; a hit when one of the five memories recalled holds the fact's marker.
    /// </summary>
    public static IReadOnlyList<BenchRow> RecallQuality(string scratch, int filler, Action<string> log)
    {
        Directory.CreateDirectory(scratch);
        using var real = new MiniLmEncoder();
        var encoder = new SeededEncoder(real);
        var fillerTexts = RecallSet.Filler(filler, 7).ToList();
        encoder.Learn([.. fillerTexts.Take(300)]);
        using var store = new MemoryStore(Path.Combine(scratch, "quality.mneme.db"), encoder);
        log($"mneme: recall@5 of {RecallSet.Items.Count} questions among {filler:N0} other memories…");
        var at = DateTimeOffset.UtcNow.AddDays(-10);
        encoder.Seeding = true;
        store.Add([.. fillerTexts.Select((t, i) => new NewMemory("filler", MemoryKind.Event, i, i, "user: " + t, at.AddMinutes(i), Feeling.None))]);
        encoder.Seeding = false;
        store.Add([.. RecallSet.Items.Select((f, i) => new NewMemory("facts", MemoryKind.Event, i, i, "user: " + f.Fact, at.AddMinutes(i), Feeling.None))]);

        double Share(SearchMode mode, int from, int count) =>
            RecallSet.Items.Skip(from).Take(count).Count(f => store.Search(f.Question, 5, mode: mode).Any(r => r.Memory.Text.Contains(f.Marker, StringComparison.Ordinal))) / (double)count;

        var rows = new List<BenchRow>();
        foreach (var (label, from, count) in new[] { ("all 50", 0, 50), ("25 sharing a word", 0, 25), ("25 by meaning only", 25, 25) })
        {
            var both = Share(SearchMode.Both, from, count);
            rows.Add(new BenchRow(
                $"recall@5, {label} ({filler:N0} other memories)",
                Percent(both),
                $"keywords only {Percent(Share(SearchMode.Keywords, from, count))}, meaning only {Percent(Share(SearchMode.Meaning, from, count))}",
                "—",
                label == "all 50" ? "≥ 90 %" : "—",
                label == "all 50" ? both >= 0.9 : null));
        }

        return rows;
    }

    public static string LoadAverage()
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

    private static string Sentence(Random random, int i) =>
        $"{Subjects[random.Next(Subjects.Length)]} {Verbs[random.Next(Verbs.Length)]} {Objects[random.Next(Objects.Length)]} (note {i})";
}
