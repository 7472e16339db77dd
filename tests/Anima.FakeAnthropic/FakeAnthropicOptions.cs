namespace Anima.FakeAnthropic;

public sealed record FakeAnthropicOptions
{
    /// <summary>The credential accepted as <c>x-api-key</c> or <c>Authorization: Bearer</c>; null accepts any non-empty one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Keep every request in <see cref="FakeAnthropicServer.Requests"/>; a long benchmark may turn it off.</summary>
    public bool RecordRequests { get; init; } = true;
}
