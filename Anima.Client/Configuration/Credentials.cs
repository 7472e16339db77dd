namespace Anima.Client.Configuration;

/// <summary>
/// Anthropic credentials, looked up afresh for every turn: the brain's environment
/// (<c>ANTHROPIC_API_KEY</c>, then <c>ANTHROPIC_AUTH_TOKEN</c>) wins over <c>config/credentials</c>, which
/// <c>anima login</c> writes — a systemd service does not see the user's shell environment.
/// </summary>
public sealed record Credentials(string? ApiKey, string? AuthToken, string Source)
{
    public const string ApiKeyVariable = "ANTHROPIC_API_KEY";
    public const string AuthTokenVariable = "ANTHROPIC_AUTH_TOKEN";

    public static Credentials? Resolve(AnimaHome home) => FromEnvironment() ?? FromFile(home);

    /// <summary>The credentials this process's environment sets, if any.</summary>
    public static Credentials? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key)
        {
            return new Credentials(key.Trim(), null, ApiKeyVariable);
        }

        if (Environment.GetEnvironmentVariable(AuthTokenVariable) is { Length: > 0 } token)
        {
            return new Credentials(null, token.Trim(), AuthTokenVariable);
        }

        return null;
    }

    public static Credentials? FromFile(AnimaHome home)
    {
        if (!File.Exists(home.CredentialsFile))
        {
            return null;
        }

        string? apiKey = null, authToken = null;
        foreach (var line in File.ReadAllLines(home.CredentialsFile))
        {
            var equals = line.IndexOf('=');
            if (line.TrimStart().StartsWith('#') || equals <= 0)
            {
                continue;
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (name == ApiKeyVariable && value.Length > 0)
            {
                apiKey = value;
            }
            else if (name == AuthTokenVariable && value.Length > 0)
            {
                authToken = value;
            }
        }

        return apiKey is null && authToken is null ? null : new Credentials(apiKey, authToken, home.CredentialsFile);
    }

    /// <summary>
    /// Why <paramref name="key"/> cannot be a key, or null. A key is one word: a sentence typed into the key field
    /// (the account dialog still open) is refused rather than stored over a working key.
    /// </summary>
    public static string? Problem(string key)
    {
        var trimmed = key.Trim();
        if (trimmed.Length == 0)
        {
            return "No key given.";
        }

        return trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? "That is not an API key: a key has no spaces. Copy it from console.anthropic.com (Settings → API keys)."
            : null;
    }

    public static void Store(AnimaHome home, string apiKey)
    {
        home.EnsureCreated();
        AnimaHome.WritePrivateFile(home.CredentialsFile, $"# written by 'anima login'\n{ApiKeyVariable}={apiKey.Trim()}\n");
    }

    /// <summary>What the user reads when a turn cannot start.</summary>
    public static string MissingMessage(AnimaHome home) =>
        "No Anthropic credentials. Press Ctrl+a a in the TUI and paste an API key, or run './anima login' (either stores it in "
        + home.CredentialsFile + "), or set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN) in the brain's environment "
        + "and restart it ('systemctl --user restart anima' for the service).";

    /// <summary>A key shown in status lines: enough to recognise it, not enough to use it.</summary>
    public string Masked
    {
        get
        {
            var secret = ApiKey ?? AuthToken ?? string.Empty;
            return secret.Length <= 12 ? "****" : secret[..7] + "…" + secret[^4..];
        }
    }
}
