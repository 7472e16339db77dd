namespace Anima.Messages.Sessions;

/// <summary>
/// What memory brought back for the turn that <paramref name="ForSeq"/> (a user message) opened, and why: live only,
/// to the session's followers, and kept by the session for one that attaches later (<see cref="TurnInFlight.Recalled"/>).
/// Never journaled: a recall is derived from memory, which the user may make forget, not part of the conversation.
/// </summary>
/// <param name="Query">The words recall searched with (the user's message).</param>
public sealed record MemoryRecalled(string SessionId, long ForSeq, string Query, IReadOnlyList<RecalledItem> Memories, DateTimeOffset At) : ITransientEvent;

/// <summary>
/// One recalled memory: its text (shortened for the wire), where and when it was made, the score it came back with
/// and its parts — its rank by words (BM25) and by meaning (cosine <paramref name="Similarity"/>), zero-based, null
/// when that search did not find it; how strongly the agent felt then (<paramref name="Salience"/>, 0–1) and the
/// feeling in words and levels.
/// </summary>
public sealed record RecalledItem(
    long MemoryId,
    string SessionId,
    string Kind,
    string Text,
    DateTimeOffset At,
    double Score,
    int? KeywordRank,
    int? MeaningRank,
    double Similarity,
    double Salience,
    string Feeling,
    IReadOnlyDictionary<string, double> Levels);
