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
        var questions = Enumerable.Range(0, 50).Select(i => "what about " + Sentence(random, i) + "?").ToList();

        // Warm: the model loaded, the vectors read, the JIT done.
        for (var i = 0; i < 20; i++)
        {
            service.PrepareAsync("s-new", questions[i % questions.Count], 0).GetAwaiter().GetResult();
        }

        var encode = new Samples();
        var keywords = new Samples();
        var meaning = new Samples();
        var prepare = new Samples();
        for (var i = 0; i < samples; i++)
        {
            var q = questions[i % questions.Count];
            var t = Stopwatch.GetTimestamp();
            real.Encode([q]);
            encode.AddSince(t);
            t = Stopwatch.GetTimestamp();
            store.Search(q, 5, mode: SearchMode.Keywords);
            keywords.AddSince(t);
            t = Stopwatch.GetTimestamp();
            store.Search(q, 5, mode: SearchMode.Meaning);
            meaning.AddSince(t);
            t = Stopwatch.GetTimestamp();
            service.PrepareAsync("s-new", q, 0).GetAwaiter().GetResult();
            prepare.AddSince(t);
        }

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

    private static string Sentence(Random random, int i) =>
        $"{Subjects[random.Next(Subjects.Length)]} {Verbs[random.Next(Verbs.Length)]} {Objects[random.Next(Objects.Length)]} (note {i})";
}
