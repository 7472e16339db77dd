using Anima.Actors.Providers;

namespace Anima.Actors.Agent;

/// <summary>
/// The messages of one LLM call. <paramref name="FirstSeq"/> is the sequence number of the oldest
/// event included (0 when nothing is), <paramref name="EventCount"/> how many events were sent, and
/// <paramref name="Truncated"/> whether conversation was left out to fit the budget: older turns, or the
/// middle of a turn too long for it. (Rounds left out for a missing tool response do not count.)
/// </summary>
public sealed record ViewportResult(
    IReadOnlyList<LlmMessage> Messages,
    int Tokens,
    long FirstSeq,
    int EventCount,
    bool Truncated)
{
    public static ViewportResult Empty { get; } = new([], 0, 0, 0, false);
}
