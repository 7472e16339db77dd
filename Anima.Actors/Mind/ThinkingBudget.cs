using Anima.Actors.Providers;

namespace Anima.Actors.Mind;

/// <summary>
/// Channel 1: frustration buys reasoning. budget = ⌊base × (1 + Σ level / divisor)⌋, computed in decimal so it is
/// exact (base 4096 at level 10/20/30 with divisor 50 → 4915/5734/6553), then fitted to the API: at least 1024 and
/// below max_tokens. Thinking stays off (null) when the base is 0 or max_tokens leaves no room for 1024.
/// </summary>
public static class ThinkingBudget
{
    public static int? For(int baseBudget, double level, double divisor, int maxTokens) =>
        Fit(baseBudget, Factor(level, divisor), maxTokens);

    /// <summary>The budget for a call at <paramref name="now"/>: every hormone driving the budget adds its felt level / divisor.</summary>
    public static int? For(int baseBudget, MindState state, DateTimeOffset now, int maxTokens) =>
        Fit(
            baseBudget,
            state.Config.Hormones
                .Where(h => h.ThinkingBudgetDivisor is not null)
                .Sum(h => Factor(state.Felt(h.Name, now), h.ThinkingBudgetDivisor!.Value)),
            maxTokens);

    private static decimal Factor(double level, double divisor)
    {
        if (!double.IsFinite(divisor) || divisor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "The thinking-budget divisor must be > 0.");
        }

        return (decimal)level / (decimal)divisor;
    }

    private static int? Fit(int baseBudget, decimal factor, int maxTokens)
    {
        if (baseBudget <= 0)
        {
            return null;
        }

        var scaled = decimal.Floor(baseBudget * (1 + factor));
        var budget = scaled > int.MaxValue ? int.MaxValue : (int)Math.Max(scaled, 0);
        return AnthropicRequestBody.ClampThinkingBudget(budget, maxTokens);
    }
}
