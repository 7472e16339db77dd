namespace Anima.Actors.Mind;

/// <summary>
/// A hormone's felt level at least <paramref name="AtLeast"/> and/or below <paramref name="Below"/>: the condition of
/// a blended voice or a desire.
/// </summary>
public sealed record LevelCondition(string Hormone, double? AtLeast, double? Below)
{
    public bool Holds(double level) => (AtLeast is not { } low || level >= low) && (Below is not { } high || level < high);

    /// <summary>How far past its threshold the level is, as a share of the hormone's range (0 when it does not hold).</summary>
    public double Margin(double level, HormoneDefinition hormone)
    {
        if (!Holds(level))
        {
            return 0;
        }

        var span = hormone.Max - hormone.Min;
        var past = Math.Min(
            AtLeast is { } low ? level - low : double.MaxValue,
            Below is { } high ? high - level : double.MaxValue);
        return span > 0 && past < double.MaxValue ? past / span : 0;
    }
}
