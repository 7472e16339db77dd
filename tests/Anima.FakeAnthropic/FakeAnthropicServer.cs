using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Anima.FakeAnthropic;

/// <summary>
/// A wire-level stand-in for the Anthropic Messages API on loopback: real HTTP, real SSE, real status codes.
/// Answers come from a script (<see cref="Enqueue"/>) and, once it is empty, from <see cref="DefaultResponder"/>.
/// </summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeAnthropicOptions _options;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentQueue<FakeResponse> _script = new();
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, Func<RecordedRequest, bool>? Which, TaskCompletionSource<IReadOnlyList<RecordedRequest>> Done)> _waiters = [];
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, FakeResponse>> _byModel = new(StringComparer.Ordinal);
    private int _requestCount;
    private int _idCounter;

    private FakeAnthropicServer(WebApplication app, FakeAnthropicOptions options)
    {
        _app = app;
        _options = options;
        PromptCache = new FakePromptCache(options.Clock, options.MinimumCacheableTokens);
    }

    /// <summary>The prompt cache every message request is billed against (<see cref="RecordedRequest.Cache"/>).</summary>
    public FakePromptCache PromptCache { get; }

    /// <summary>Where clients should point, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Answers a request when the script is empty. Defaults to <see cref="Echo"/>.</summary>
    public Func<RecordedRequest, FakeResponse> DefaultResponder { get; set; } = Echo;

    /// <summary>Scripted responses not yet used.</summary>
    public int PendingResponses => _script.Count;

    /// <summary>Every request received so far (including count_tokens and rejected ones), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many requests arrived, counted even when recording is off; not those answered by <see cref="AnswerModel"/>.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    public static async Task<FakeAnthropicServer> StartAsync(FakeAnthropicOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var server = new FakeAnthropicServer(app, options ?? new FakeAnthropicOptions());
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    /// <summary>The default answer: <c>Echo: </c> and the last user text.</summary>
    public static FakeResponse Echo(RecordedRequest request) => FakeResponse.Text($"Echo: {request.LastUserText ?? "(no text)"}");

    /// <summary>
    /// Requests for <paramref name="model"/> are answered by <paramref name="responder"/> and never take from the
    /// script: a side call (e.g. the mind's appraisal by a small model) cannot steal an answer meant for the agent,
    /// nor count in <see cref="RequestCount"/> or a wait for a number of requests.
    /// </summary>
    public void AnswerModel(string model, Func<RecordedRequest, FakeResponse> responder) => _byModel[model] = responder;

    /// <summary>The requests so far for <paramref name="model"/>, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string model) => [.. Requests.Where(r => r.Model == model)];

    public void Enqueue(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> requests have arrived; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan timeout) => WaitForMatchingAsync(count, timeout, null);

    /// <summary>
    /// Completes with the recorded requests for <paramref name="model"/> once at least <paramref name="count"/> of them
    /// have arrived (other models' requests do not count).
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan timeout, string model) =>
        [.. (await WaitForMatchingAsync(count, timeout, r => r.Model == model)).Where(r => r.Model == model)];

    private async Task<IReadOnlyList<RecordedRequest>> WaitForMatchingAsync(int count, TimeSpan timeout, Func<RecordedRequest, bool>? which)
    {
        TaskCompletionSource<IReadOnlyList<RecordedRequest>> done;
        lock (_gate)
        {
            if (Counted(which) >= count)
            {
                return [.. _requests];
            }

            done = new TaskCompletionSource<IReadOnlyList<RecordedRequest>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, which, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {count} request(s) within {timeout}, got {(which is null ? RequestCount : Requests.Count(which))}.");
        }
    }

    /// <summary>Under the gate: every request, or those recorded that match.</summary>
    private int Counted(Func<RecordedRequest, bool>? which) => which is null ? _requestCount : _requests.Count(which);

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
            _requestCount = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cancel first so hanging responses end and graceful shutdown does not wait for them.
        await _shutdown.CancelAsync();
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopTimeout.Token);
        }

        await _app.DisposeAsync();
        _shutdown.Dispose();
    }

    private void Record(RecordedRequest request)
    {
        List<TaskCompletionSource<IReadOnlyList<RecordedRequest>>> ready = [];
        IReadOnlyList<RecordedRequest> snapshot;
        lock (_gate)
        {
            if (_options.RecordRequests)
            {
                _requests.Add(request);
            }

            if (request.Model is not { } model || !_byModel.ContainsKey(model))
            {
                _requestCount++; // a side call answered by AnswerModel is not the agent's
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= Counted(_waiters[i].Which))
                {
                    ready.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }

            snapshot = ready.Count > 0 ? [.. _requests] : [];
        }

        foreach (var done in ready)
        {
            done.TrySetResult(snapshot);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        var ct = linked.Token;
        try
        {
            var request = await ReadRequestAsync(context.Request, ct);
            Record(request);
            context.Response.Headers["request-id"] = $"req_fake_{Interlocked.Increment(ref _idCounter)}";
            await RespondAsync(context, request, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nothing left to answer.
        }
        catch (IOException)
        {
            // The connection broke mid-response (client disconnected).
        }
    }

    private static async Task<RecordedRequest> ReadRequestAsync(HttpRequest http, CancellationToken ct)
    {
        using var body = new MemoryStream(http.ContentLength is > 0 and < int.MaxValue ? (int)http.ContentLength : 4096);
        await http.Body.CopyToAsync(body, ct);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in http.Headers)
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        return new RecordedRequest(http.Method, http.Path.Value ?? "", headers, body.ToArray());
    }

    private async Task RespondAsync(HttpContext context, RecordedRequest request, CancellationToken ct)
    {
        if (!IsAuthorized(request))
        {
            await WriteErrorAsync(context.Response, new FakeError(401, "authentication_error", "invalid x-api-key"), ct);
            return;
        }

        if (string.IsNullOrEmpty(request.Header("anthropic-version")))
        {
            await WriteErrorAsync(context.Response, new FakeError(400, "invalid_request_error", "anthropic-version: header is required"), ct);
            return;
        }

        var route = (request.Method, request.Path);
        if (route is not ("POST", "/v1/messages" or "/v1/messages/count_tokens"))
        {
            await WriteErrorAsync(context.Response, new FakeError(404, "not_found_error", $"Not found: {request.Method} {request.Path}"), ct);
            return;
        }

        if (!request.HasMessages)
        {
            await WriteErrorAsync(context.Response, new FakeError(400, "invalid_request_error", "messages: Field required"), ct);
            return;
        }

        if (request.Path == "/v1/messages/count_tokens")
        {
            var count = new JsonObject { ["input_tokens"] = EstimateTokens(request.BodyBytes) };
            await WriteJsonAsync(context.Response, 200, count, ct);
            return;
        }

        if (request.Breakpoints.Count is var breakpoints and > FakePromptCache.MaxBreakpoints)
        {
            await WriteErrorAsync(context.Response, new FakeError(400, "invalid_request_error", $"A maximum of {FakePromptCache.MaxBreakpoints} blocks with cache_control may be provided. Found {breakpoints}."), ct);
            return;
        }

        request.Cache = PromptCache.Bill(request);
        var response = request.Model is { } model && _byModel.TryGetValue(model, out var byModel) ? byModel(request)
            : _script.TryDequeue(out var scripted) ? scripted
            : DefaultResponder(request);
        var id = $"msg_fake_{Interlocked.Increment(ref _idCounter)}";
        if (response.HttpError is { } error)
        {
            await WriteErrorAsync(context.Response, error, ct);
        }
        else if (request.IsStreaming)
        {
            await FakeSseWriter.WriteAsync(context.Response, response, request, id, ct);
        }
        else if (response.StreamError is { } streamError)
        {
            await WriteErrorAsync(context.Response, streamError, ct);
        }
        else if (response.HangAfterFirstBlock)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        else
        {
            await WriteJsonAsync(context.Response, 200, FakeMessageJson.Message(response, request, id), ct);
        }
    }

    private bool IsAuthorized(RecordedRequest request)
    {
        var credential = request.Header("x-api-key");
        if (string.IsNullOrEmpty(credential) && request.Header("authorization") is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            credential = authorization["Bearer ".Length..].Trim();
        }

        return !string.IsNullOrEmpty(credential) && (_options.ApiKey is null || credential == _options.ApiKey);
    }

    /// <summary>About four characters (or UTF-8 bytes) a token, as the real API roughly counts English.</summary>
    internal static int EstimateTokens(int length) => Math.Max(1, length / 4);

    private static Task WriteErrorAsync(HttpResponse response, FakeError error, CancellationToken ct)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(response, error.Status, FakeMessageJson.Error(error), ct);
    }

    private static async Task WriteJsonAsync(HttpResponse response, int status, JsonNode body, CancellationToken ct)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(), ct);
    }
}
