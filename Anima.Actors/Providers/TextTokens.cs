namespace Anima.Actors.Providers;

/// <summary>A cheap, deterministic guess at what a text costs in a model's context: about four characters a token.</summary>
public static class TextTokens
{
    public const int CharsPerToken = 4;

    public static int Estimate(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : (text.Length + CharsPerToken - 1) / CharsPerToken;
}
