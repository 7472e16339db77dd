namespace Anima.Actors.Providers;

public enum ProviderErrorKind
{
    /// <summary>Network, timeout, 429, 5xx, 529, a mid-stream error event: worth retrying.</summary>
    Transient,

    /// <summary>401/403 or no credentials: the user must fix them.</summary>
    Authentication,

    /// <summary>400 and other client errors: retrying sends the same bad request.</summary>
    BadRequest,
}

public sealed class ProviderException(ProviderErrorKind kind, string message, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ProviderErrorKind Kind { get; } = kind;

    public int? Status { get; } = status;

    /// <summary>The server's retry-after, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
