namespace Anima.Actors.Memory;

/// <summary>
/// One memory: where it comes from (a session and the range of its events), what it says, and how the agent felt
/// when it was made (the mind's hormone levels then, how far they stood from calm: <paramref name="Salience"/>, 0–1, and
/// in words: <paramref name="Feeling"/>, empty when the agent was calm or had no mind).
/// </summary>
public sealed record MemoryEntry(
    long Id,
    string SessionId,
    MemoryKind Kind,
    long FromSeq,
    long ToSeq,
    string Text,
    DateTimeOffset At,
    IReadOnlyDictionary<string, double> Levels,
    double Salience,
    string Feeling = "")
{
    /// <summary>What names this memory in any copy of the file.</summary>
    public MemoryKey Key => new(SessionId, Kind, FromSeq, ToSeq);
}
