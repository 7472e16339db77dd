namespace Anima.Actors.Mind;

/// <summary>
/// What the levels add up to: the wants whose conditions hold, each pulling with its weight × how far past its
/// thresholds the levels are (a want is as strong as its weakest reason); the strongest first, a want said once,
/// at most <see cref="MindConfig.MaxDesires"/>.
/// </summary>
public static class Desires
{
    // A want exactly at its threshold still pulls a little: holding is what makes it felt.
    private const double AtThreshold = 0.01;

    public static IReadOnlyList<string> For(MindState state, DateTimeOffset now)
    {
        var config = state.Config;
        var strongest = new Dictionary<string, (double Strength, int Order)>(StringComparer.Ordinal);
        for (var i = 0; i < config.Desires.Count; i++)
        {
            var desire = config.Desires[i];
            var margins = new List<double>(desire.When.Count);
            foreach (var condition in desire.When)
            {
                if (config.Find(condition.Hormone) is not { } hormone || !condition.Holds(state.Felt(hormone.Name, now)))
                {
                    margins.Clear();
                    break;
                }

                margins.Add(condition.Margin(state.Felt(hormone.Name, now), hormone));
            }

            if (margins.Count == 0)
            {
                continue;
            }

            var strength = desire.Weight * (AtThreshold + margins.Min());
            if (!strongest.TryGetValue(desire.Text, out var known) || strength > known.Strength)
            {
                strongest[desire.Text] = (strength, known.Strength > 0 ? known.Order : i);
            }
        }

        return [.. strongest
            .OrderByDescending(d => d.Value.Strength)
            .ThenBy(d => d.Value.Order)
            .Take(config.MaxDesires)
            .Select(d => d.Key)];
    }
}
