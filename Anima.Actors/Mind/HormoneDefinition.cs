namespace Anima.Actors.Mind;

/// <summary>
/// One hormone, as configured under <c>anima.mind.hormones.&lt;name&gt;</c>. <see cref="Stimuli"/> are the
/// configured gains only (the seed): at run time the mind reads them from a <see cref="GainTable"/>, which Psyche evolves.
/// </summary>
/// <param name="Voice">The <c>from</c> lines ascending, then the <c>below</c> lines descending.</param>
/// <param name="ThinkingBudgetDivisor">Set when the hormone drives the thinking budget: its excess over baseline / divisor.</param>
/// <param name="ToolRoundsDivisor">Set when it moves the model calls a turn allows itself: (level − baseline) / divisor.</param>
public sealed record HormoneDefinition(
    string Name,
    double Baseline,
    double Min,
    double Max,
    TimeSpan HalfLife,
    IReadOnlyDictionary<string, double> Stimuli,
    IReadOnlyList<VoiceLine> Voice,
    bool DrivesInnerVoice,
    double? ThinkingBudgetDivisor,
    double? ToolRoundsDivisor = null)
{
    public bool DrivesThinkingBudget => ThinkingBudgetDivisor is not null;

    /// <summary>Exponential return toward <see cref="Baseline"/>; time running backwards decays nothing.</summary>
    public double Decay(double level, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero
            ? level
            : Baseline + (level - Baseline) * Math.Pow(0.5, elapsed / HalfLife);

    public double Clamp(double level) => Math.Clamp(level, Min, Max);

    /// <summary>
    /// How far from rest the level is, 0 at baseline to 1 at either end of the range: what orders the voices, so the
    /// strongest feeling speaks first whatever the hormone's scale.
    /// </summary>
    public double Intensity(double level) =>
        level >= Baseline
            ? (Max > Baseline ? (level - Baseline) / (Max - Baseline) : 0)
            : (Baseline > Min ? (Baseline - level) / (Baseline - Min) : 0);

    /// <summary>
    /// The line felt at <paramref name="level"/>, or null when none applies: the highest <c>from</c> reached, else the
    /// lowest <c>below</c> the level is under.
    /// </summary>
    public string? VoiceAt(double level)
    {
        string? felt = null;
        foreach (var line in Voice)
        {
            if (line.IsLow ? level < line.Below : level >= line.From)
            {
                felt = line.Text;
            }
        }

        return felt;
    }
}
