using System.Globalization;
using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>Tokens as the provider bills them, and how much of the input its prompt cache served.</summary>
public static class TokenShare
{
    /// <summary>The share of input tokens read from the cache, 0–100; null when there was no input.</summary>
    public static int? CachedPercent(TokenUsage usage)
    {
        var input = (long)usage.InputTokens + usage.CacheReadTokens + usage.CacheWriteTokens;
        return input > 0 ? (int)Math.Round(100.0 * usage.CacheReadTokens / input) : null;
    }

    public static string Describe(TokenUsage usage, bool withShare = true)
    {
        var input = (long)usage.InputTokens + usage.CacheReadTokens + usage.CacheWriteTokens;
        var share = withShare ? $" ({CachedPercent(usage) ?? 0} % cached)" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"  in     {input:N0}{share}\n  out    {usage.OutputTokens:N0}");
    }
}
