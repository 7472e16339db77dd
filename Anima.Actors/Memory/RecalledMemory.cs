namespace Anima.Actors.Memory;

/// <summary>A memory that came back for a query, with its fused score and why: its words matched, its meaning, or both.</summary>
public sealed record RecalledMemory(MemoryEntry Memory, double Score, int? KeywordRank, int? MeaningRank, double Similarity)
{
    public string Why => (KeywordRank, MeaningRank) switch
    {
        (not null, not null) => $"words #{KeywordRank + 1} and meaning #{MeaningRank + 1} ({Similarity:0.00})",
        (not null, null) => $"words #{KeywordRank + 1}",
        (null, not null) => $"meaning #{MeaningRank + 1} ({Similarity:0.00})",
        _ => "pinned",
    };
}
