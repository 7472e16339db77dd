namespace Anima.Actors.Providers;

public interface ILlmProvider
{
    /// <summary>Streams one response. Throws <see cref="ProviderException"/> for every failure, classified.</summary>
    IAsyncEnumerable<LlmStreamEvent> StreamAsync(LlmRequest request, CancellationToken cancellationToken);

    /// <summary>Input tokens the request would cost (the count_tokens endpoint).</summary>
    Task<int> CountTokensAsync(LlmRequest request, CancellationToken cancellationToken);
}
