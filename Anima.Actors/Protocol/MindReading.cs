using Anima.Actors.Providers;

namespace Anima.Actors.Protocol;

/// <summary>
/// What the mind contributes to a call: its sections of the volatile tail (how it feels, what it wants), the
/// thinking budget it asks for, and how many model calls it allows itself in this turn (null: no say).
/// </summary>
public sealed record MindReading(IReadOnlyList<TailSection> Tail, int? ThinkingBudget, int? ToolRounds = null)
{
    /// <summary>A call without a mind: the configured thinking budget (0: thinking off), no sections.</summary>
    public static MindReading Neutral(int thinkingBudget) => new([], thinkingBudget > 0 ? thinkingBudget : null);
}
