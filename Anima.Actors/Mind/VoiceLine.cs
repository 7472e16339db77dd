namespace Anima.Actors.Mind;

/// <summary>
/// One line of a hormone's inner voice: felt from level <paramref name="From"/> on, or, when
/// <paramref name="Below"/> is set instead, under that level (a shortfall speaks too: low serotonin feels grey).
/// </summary>
public sealed record VoiceLine(double From, string Text, double? Below = null)
{
    public bool IsLow => Below is not null;
}
