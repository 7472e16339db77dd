namespace Anima.Actors.Providers;

/// <summary>
/// Where and how <see cref="AnthropicProvider"/> talks to the Messages API. <paramref name="ApiKey"/> is sent as
/// <c>x-api-key</c>, <paramref name="AuthToken"/> as <c>Authorization: Bearer</c>; nothing is read from the environment.
/// <paramref name="Timeout"/> bounds connecting, waiting for response headers, and each silence between stream reads.
/// </summary>
public sealed record AnthropicProviderOptions(
    string BaseUrl,
    string? ApiKey,
    string? AuthToken,
    TimeSpan Timeout,
    string AnthropicVersion = "2023-06-01");
