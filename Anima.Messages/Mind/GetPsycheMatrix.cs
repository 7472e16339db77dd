namespace Anima.Messages.Mind;

/// <summary>Asks Psyche for its current <see cref="PsycheMatrix"/> (Thymos, as it starts).</summary>
public sealed record GetPsycheMatrix : IAnimaMessage
{
    public static readonly GetPsycheMatrix Instance = new();
}
