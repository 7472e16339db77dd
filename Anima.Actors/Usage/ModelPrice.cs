using Anima.Messages.Sessions;

namespace Anima.Actors.Usage;

/// <summary>What a model costs, in US dollars per million tokens of each kind the provider bills.</summary>
/// <param name="CacheWrite">Input written to the prompt cache (the five-minute cache: 1.25× input at Anthropic).</param>
/// <param name="CacheRead">Input read from the prompt cache (0.1× input at Anthropic).</param>
public sealed record ModelPrice(decimal Input, decimal Output, decimal CacheWrite, decimal CacheRead)
{
    public decimal Cost(TokenUsage usage) =>
        ((usage.InputTokens * Input) + (usage.OutputTokens * Output) + (usage.CacheWriteTokens * CacheWrite) + (usage.CacheReadTokens * CacheRead)) / 1_000_000m;
}
