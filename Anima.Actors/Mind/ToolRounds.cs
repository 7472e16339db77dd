namespace Anima.Actors.Mind;

/// <summary>
/// Channel 3: how many model calls a turn allows itself. Strain shortens the leash (cortisol and frustration have
/// negative divisors) and drive makes up for it (testosterone): rounds = ⌊max × (1 + Σ (felt − baseline) / divisor)⌋,
/// kept between <see cref="MindChannels.ToolRoundsMin"/> and the configured maximum, which the mind never exceeds.
/// A stressed agent stops sooner and hands back to the user instead of pushing on: desperation after repeated
/// failure is when a model starts gaming its checks.
/// </summary>
public static class ToolRounds
{
    /// <summary>The calls allowed in a turn at <paramref name="now"/>; null when no hormone drives the channel.</summary>
    public static int? For(int maxRounds, MindState state, DateTimeOffset now)
    {
        var driven = false;
        var factor = 1m;
        foreach (var hormone in state.Config.Hormones)
        {
            if (hormone.ToolRoundsDivisor is { } divisor)
            {
                driven = true;
                factor += (state.Felt(hormone.Name, now) - (decimal)hormone.Baseline) / (decimal)divisor;
            }
        }

        if (!driven || maxRounds <= 0)
        {
            return null;
        }

        var rounds = decimal.Floor(maxRounds * Math.Clamp(factor, 0, 1));
        return (int)Math.Clamp(rounds, Math.Min(state.Config.Channels.ToolRoundsMin, maxRounds), maxRounds);
    }
}
