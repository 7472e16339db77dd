using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Actor;

namespace Anima.Actors.Memory;

/// <summary>
/// What a session's agent loop asks of memory, off its thread (every call returns a task it pipes back): the memories
/// a message brings back, the session's older layers, and the <c>recall</c> and <c>remember</c> tools. Eviction goes to
/// <paramref name="Mneme"/>, which summarises in the background.
/// </summary>
public sealed record MemoryService(MemoryStore Store, MnemeSettings Settings, IActorRef? Mneme = null)
{
    /// <summary>
    /// The memories <paramref name="query"/> brings back from every session, within the recall budget — not what the
    /// session has in view (its events from <paramref name="windowStart"/> on, and its own summaries, which the window
    /// shows) — and the session's layers for the block that opens its window.
    /// </summary>
    public Task<MemoryContext> PrepareAsync(string sessionId, string? query, long windowStart) => Task.Run(() =>
    {
        // The layers and pins do not depend on the query: read beside its embedding, which holds this thread (read
        // after it, they added 1.3 ms to a brain's turn, p50 at load 13).
        var around = Task.Run(() => (
            Layers: Store.OfSession(sessionId, MemoryKind.Summary).Concat(Store.OfSession(sessionId, MemoryKind.Digest)).ToList(),
            Pins: Store.Pinned()));
        var recalled = string.IsNullOrWhiteSpace(query)
            ? []
            : RecallSection.Fit(
                Store.Search(query, Settings.RecallCount, m => m.SessionId == sessionId && (m.FromSeq >= windowStart || m.Kind is MemoryKind.Summary or MemoryKind.Digest)),
                Settings.RecallBudget);
        var (layers, pins) = around.GetAwaiter().GetResult();
        return new MemoryContext(recalled, layers, pins);
    });

    /// <summary>The <c>recall</c> tool: a search on purpose, with more results than passive recall and why each came back.</summary>
    public Task<string> RecallToolAsync(string inputJson) => Task.Run(() =>
    {
        var query = Read(inputJson, "query");
        if (string.IsNullOrWhiteSpace(query))
        {
            return "recall needs a non-empty \"query\".";
        }

        var found = Store.Search(query, 8);
        if (found.Count == 0)
        {
            return $"Nothing in memory matches \"{query}\".";
        }

        var text = new StringBuilder();
        foreach (var r in found)
        {
            var m = r.Memory;
            text.Append('#').Append(m.Id).Append(" (").Append(m.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                .Append(", session ").Append(m.SessionId[..Math.Min(8, m.SessionId.Length)])
                .Append(m.Feeling.Length > 0 ? ", felt " + m.Feeling : string.Empty).Append(") ").Append(m.Text.ReplaceLineEndings(" ")).Append('\n');
        }

        return text.ToString().TrimEnd();
    });

    /// <summary>How long a pin may take to be journaled and written before the tool says it could not be.</summary>
    private static readonly TimeSpan PinPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The <c>remember</c> tool: a pin, never compressed, in every session's context from the next call on. Journaled
    /// in Mneme's stream first (through <see cref="Mneme"/>), so a memory file made again keeps it.
    /// </summary>
    public async Task<string> RememberToolAsync(string sessionId, long seq, string inputJson, Feeling feeling)
    {
        var text = Read(inputJson, "text");
        if (string.IsNullOrWhiteSpace(text))
        {
            return "remember needs a non-empty \"text\".";
        }

        // Pins are keyed by the moment they were made (two in one turn are two pins).
        var at = DateTimeOffset.UtcNow;
        var pin = new NewMemory(sessionId, MemoryKind.Pinned, seq, at.ToUnixTimeMilliseconds(), text.Trim(), at, feeling);
        IReadOnlyList<long> ids;
        if (Mneme is null)
        {
            ids = await Task.Run(() => Store.Add([pin])).ConfigureAwait(false); // memory without Mneme (a bench, a spec of the store)
        }
        else
        {
            try
            {
                var recorded = await Mneme.Ask<MnemeJournal.Recorded>(new MnemeJournal.Record(pin), PinPatience).ConfigureAwait(false);
                if (recorded.Problem is { } problem)
                {
                    return $"Could not pin it: {problem}";
                }

                ids = recorded.Ids;
            }
            catch (AskTimeoutException)
            {
                return $"Could not pin it: memory did not answer within {PinPatience.TotalSeconds:0} s. Try again later.";
            }
        }

        return ids.Count > 0 ? $"Pinned as memory #{ids[0]}: it stays in mind in every conversation." : "That is pinned already.";
    }

    private static string? Read(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
