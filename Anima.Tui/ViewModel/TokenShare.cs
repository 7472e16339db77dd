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

    public static string Describe(TokenUsage usage) => string.Create(
        CultureInfo.InvariantCulture,
        $"  in     {usage.InputTokens + usage.CacheReadTokens + usage.CacheWriteTokens:N0} ({CachedPercent(usage) ?? 0} % cached)\n  out    {usage.OutputTokens:N0}");
}
