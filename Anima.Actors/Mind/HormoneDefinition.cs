namespace Anima.Actors.Mind;

/// <summary>
/// One hormone, as configured under <c>anima.mind.hormones.&lt;name&gt;</c>. <see cref="Stimuli"/> are the
/// configured gains only: at run time the mind reads them from a <see cref="GainTable"/>, which may evolve.
/// </summary>
/// <param name="Voice">Ascending by <see cref="VoiceLine.From"/>; the highest line the level reaches speaks.</param>
/// <param name="ThinkingBudgetDivisor">Set when the hormone drives the thinking budget: base × (1 + level / divisor).</param>
public sealed record HormoneDefinition(
    string Name,
    double Baseline,
    double Min,
    double Max,
    TimeSpan HalfLife,
    IReadOnlyDictionary<string, double> Stimuli,
    IReadOnlyList<VoiceLine> Voice,
    bool DrivesInnerVoice,
    double? ThinkingBudgetDivisor)
{
    public bool DrivesThinkingBudget => ThinkingBudgetDivisor is not null;

    /// <summary>Exponential return toward <see cref="Baseline"/>; time running backwards decays nothing.</summary>
    public double Decay(double level, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero
            ? level
            : Baseline + (level - Baseline) * Math.Pow(0.5, elapsed / HalfLife);

    public double Clamp(double level) => Math.Clamp(level, Min, Max);

    /// <summary>The line felt at <paramref name="level"/>, or null below the first threshold.</summary>
    public string? VoiceAt(double level) => Voice.LastOrDefault(line => level >= line.From)?.Text;
}
