namespace Anima.FakeAnthropic;

/// <summary>A request's input as the prompt cache bills it: uncached input, read from the cache, written to it.</summary>
/// <param name="Breakpoints">How many <c>cache_control</c> breakpoints the request carried.</param>
public sealed record FakeCacheUsage(int InputTokens, int CacheReadTokens, int CacheWriteTokens, int Breakpoints)
{
    public int TotalInputTokens => InputTokens + CacheReadTokens + CacheWriteTokens;
}
