using Anima.Actors.Providers;

namespace Anima.Actors.Mind;

/// <summary>
/// Channel 1: strain buys reasoning. Every hormone driving the budget adds its felt excess over baseline / divisor:
/// raw = ⌊base × (1 + Σ)⌋, computed in decimal so it is exact; the budget is then the base plus whole steps of
/// <see cref="MindChannels.ThinkingBudgetStep"/> below raw, so it changes seldom (each change makes the provider
/// drop its cached messages), and fitted to the API: at least 1024 and below max_tokens. Thinking stays off (null)
/// when the base is 0 or max_tokens leaves no room for 1024.
/// </summary>
public static class ThinkingBudget
{
    /// <summary>The budget for a call at <paramref name="now"/>.</summary>
    public static int? For(int baseBudget, MindState state, DateTimeOffset now, int maxTokens)
    {
        var factor = 0m;
        foreach (var hormone in state.Config.Hormones)
        {
            if (hormone.ThinkingBudgetDivisor is { } divisor)
            {
                factor += Math.Max(0, state.Felt(hormone.Name, now) - (decimal)hormone.Baseline) / (decimal)divisor;
            }
        }

        return Stepped(baseBudget, factor, state.Config.Channels.ThinkingBudgetStep, maxTokens);
    }

    /// <summary>base × (1 + factor), in whole steps above the base, fitted to the API.</summary>
    public static int? Stepped(int baseBudget, decimal factor, int step, int maxTokens)
    {
        if (baseBudget <= 0)
        {
            return null;
        }

        var raw = decimal.Floor(baseBudget * (1 + Math.Max(0, factor)));
        var steps = decimal.Floor((raw - baseBudget) / Math.Max(1, step));
        var budget = Math.Min(baseBudget + (steps * step), int.MaxValue);
        return AnthropicRequestBody.ClampThinkingBudget((int)budget, maxTokens);
    }
}
