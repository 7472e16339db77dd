using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Anima.Actors.Providers;

/// <summary>
/// The Anthropic Messages API over plain <see cref="HttpClient"/> and SSE. Never retries: every failure surfaces
/// once, classified, and the supervisor decides. (Raw HTTP rather than the SDK: the SDK's exceptions do not expose
/// response headers, so <c>retry-after</c> would be lost.)
/// </summary>
public sealed class AnthropicProvider : ILlmProvider, IDisposable
{
    private readonly AnthropicProviderOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _messagesUri;
    private readonly Uri _countTokensUri;

    public AnthropicProvider(AnthropicProviderOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };

        // HttpClient.Timeout would not cover reading a stream; the deadline is enforced per step instead.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var baseUrl = options.BaseUrl.TrimEnd('/');
        _messagesUri = new Uri(baseUrl + "/v1/messages");
        _countTokensUri = new Uri(baseUrl + "/v1/messages/count_tokens");
    }

    public async IAsyncEnumerable<LlmStreamEvent> StreamAsync(
        LlmRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var body = AnthropicRequestBody.ForMessages(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var response = await SendAsync(_messagesUri, body, "text/event-stream", deadline, cancellationToken);
        var stream = await GuardAsync(response.Content.ReadAsStreamAsync, deadline, cancellationToken, "opening the response stream");
        using var events = new ServerSentEventReader(stream);
        var accumulator = new AnthropicStreamAccumulator();
        while (!accumulator.Completed)
        {
            if (!events.TryRead(out var sse))
            {
                // Only reading from the network waits, so only that runs under the deadline.
                if (!await GuardAsync(events.FillAsync, deadline, cancellationToken, "reading the response stream"))
                {
                    throw new ProviderException(ProviderErrorKind.Transient, "The response stream ended before message_stop.");
                }

                continue;
            }

            if (accumulator.Apply(sse) is { } delta)
            {
                yield return delta;
            }
        }

        yield return accumulator.ToResponse();
    }

    public async Task<int> CountTokensAsync(LlmRequest request, CancellationToken cancellationToken)
    {
        using var body = AnthropicRequestBody.ForCountTokens(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var response = await SendAsync(_countTokensUri, body, "application/json", deadline, cancellationToken);
        var text = await GuardAsync(response.Content.ReadAsStringAsync, deadline, cancellationToken, "reading count_tokens");
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("input_tokens").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ProviderException(ProviderErrorKind.Transient, "count_tokens answered without input_tokens.", 200, inner: e);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends and waits for the headers; a non-success answer is read and thrown as a classified error.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        Uri uri, PooledBufferWriter body, string accept, CancellationTokenSource deadline, CancellationToken caller)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        message.Headers.Add("anthropic-version", _options.AnthropicVersion);
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            message.Headers.Add("x-api-key", _options.ApiKey);
        }
        else if (!string.IsNullOrEmpty(_options.AuthToken))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AuthToken);
        }
        else
        {
            throw new ProviderException(ProviderErrorKind.Authentication, "No Anthropic credentials: neither an API key nor an auth token is set.");
        }

        var response = await GuardAsync(
            ct => _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct), deadline, caller, $"calling {uri.AbsolutePath}");
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await GuardAsync(response.Content.ReadAsStringAsync, deadline, caller, "reading an error response");
            throw AnthropicErrors.FromResponse((int)response.StatusCode, text, response.Headers);
        }
    }

    /// <summary>
    /// Runs one network step under a fresh <see cref="AnthropicProviderOptions.Timeout"/>: the caller's cancellation
    /// propagates as <see cref="OperationCanceledException"/>, while timeouts and network failures become Transient.
    /// </summary>
    private async Task<T> GuardAsync<T>(
        Func<CancellationToken, Task<T>> step, CancellationTokenSource deadline, CancellationToken caller, string what)
    {
        deadline.CancelAfter(_options.Timeout);
        try
        {
            return await step(deadline.Token);
        }
        catch (OperationCanceledException e) when (caller.IsCancellationRequested)
        {
            throw new OperationCanceledException("The LLM call was cancelled.", e, caller);
        }
        catch (OperationCanceledException e)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"Timed out after {_options.Timeout.TotalSeconds:0.###}s {what}.", inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            if (caller.IsCancellationRequested)
            {
                throw new OperationCanceledException("The LLM call was cancelled.", e, caller);
            }

            throw new ProviderException(ProviderErrorKind.Transient, $"Network failure {what}: {e.Message}", inner: e);
        }
    }
}
