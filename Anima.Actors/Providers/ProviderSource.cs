using Anima.Client.Configuration;

namespace Anima.Actors.Providers;

/// <summary>
/// Hands out the provider for a turn with the credentials of that moment, reusing one HTTP connection
/// pool while they stay the same. It knows where the API is and how long a call may take, nothing of the agent.
/// </summary>
public sealed class ProviderSource(AnimaHome home, string baseUrl, TimeSpan requestTimeout) : IDisposable
{
    private readonly Lock _gate = new();
    private AnthropicProviderOptions? _options;
    private AnthropicProvider? _provider;

    public AnimaHome Home => home;

    /// <summary>The provider, or null with the reason the user must fix.</summary>
    public (ILlmProvider? Provider, string? Missing) Current()
    {
        var credentials = Credentials.Resolve(home);
        if (credentials is null)
        {
            return (null, Credentials.MissingMessage(home));
        }

        var options = new AnthropicProviderOptions(baseUrl, credentials.ApiKey, credentials.AuthToken, requestTimeout);
        lock (_gate)
        {
            if (_provider is null || _options != options)
            {
                _provider?.Dispose();
                _provider = new AnthropicProvider(options);
                _options = options;
            }

            return (_provider, null);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _provider?.Dispose();
            _provider = null;
        }
    }
}
