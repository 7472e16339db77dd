namespace Anima.FakeAnthropic;

public sealed record FakeAnthropicOptions
{
    /// <summary>The credential accepted as <c>x-api-key</c> or <c>Authorization: Bearer</c>; null accepts any non-empty one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Keep every request in <see cref="FakeAnthropicServer.Requests"/>; a long benchmark may turn it off.</summary>
    public bool RecordRequests { get; init; } = true;

    /// <summary>The shortest prefix the prompt cache keeps (1024 for Sonnet and Opus, 2048 for Haiku).</summary>
    public int MinimumCacheableTokens { get; init; } = 1024;

    /// <summary>The clock the prompt cache's five-minute lifetime is measured on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
