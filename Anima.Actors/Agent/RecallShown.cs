using Anima.Actors.Memory;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>What memory brought back for a turn, as its session's followers are shown it: each memory and why it came back.</summary>
public static class RecallShown
{
    /// <summary>A memory's text is shortened to this for the wire: the view shows what it was, <c>anima memory show</c> all of it.</summary>
    public const int MaxTextLength = 2000;

    public static MemoryRecalled Event(string sessionId, long forSeq, string query, IReadOnlyList<RecalledMemory> recalled, DateTimeOffset at) =>
        new(sessionId, forSeq, query, [.. recalled.Select(r => new RecalledItem(
            r.Memory.Id,
            r.Memory.SessionId,
            r.Memory.Kind == MemoryKind.Event ? "said" : r.Memory.Kind.ToString().ToLowerInvariant(),
            r.Memory.Text.Length <= MaxTextLength ? r.Memory.Text : r.Memory.Text[..(MaxTextLength - 1)] + "…",
            r.Memory.At,
            r.Score,
            r.KeywordRank,
            r.MeaningRank,
            r.Similarity,
            r.Memory.Salience,
            r.Memory.Feeling,
            r.Memory.Levels))], at);
}
