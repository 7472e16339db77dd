using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// Fetches one http(s) URL and returns readable text: HTML reduced to its words, other text as it is, binary
/// content refused. Redirects are followed by hand (at most <see cref="MaxRedirects"/>) so that every hop's
/// scheme is checked; the whole fetch, body included, runs under one timeout and one size cap.
/// </summary>
public sealed class WebGet : IDisposable
{
    public const int DefaultMaxBytes = 2 * 1024 * 1024;
    public const int MaxRedirects = 5;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly int _maxBytes;

    public WebGet(TimeSpan? timeout = null, int maxBytes = DefaultMaxBytes)
    {
        _timeout = timeout ?? DefaultTimeout;
        _maxBytes = maxBytes;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            ConnectTimeout = _timeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Anima/0.1 (web_get)");
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5");
    }

    /// <summary>Fetches <paramref name="url"/>. Problems come back as an error result; only <paramref name="ct"/> throws.</summary>
    public async Task<WebGetResult> GetAsync(string url, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) && IsHttp(uri))
        {
            return Error($"not a valid absolute URL: '{url}' (expected something like https://example.com/page)");
        }

        if (!IsHttp(uri))
        {
            return Error($"refusing '{uri.Scheme}' URL: web_get fetches only http and https URLs");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            for (var hops = 0; ; hops++)
            {
                using var response = await _client
                    .GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                    .ConfigureAwait(false);
                if (!IsRedirect(response.StatusCode))
                {
                    return await ReadAsync(uri, response, deadline.Token).ConfigureAwait(false);
                }

                if (response.Headers.Location is not { } location)
                {
                    return Error($"HTTP {(int)response.StatusCode} redirect without a Location header from {uri}");
                }

                if (hops == MaxRedirects)
                {
                    return Error($"too many redirects: gave up after {MaxRedirects} starting at {url}");
                }

                var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (!IsHttp(next))
                {
                    return Error($"refusing redirect from {uri} to '{next}': web_get follows only http and https URLs");
                }

                uri = next;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Error($"timed out after {_timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s fetching {uri}");
        }
        catch (HttpRequestException e)
        {
            return Error($"request to {uri} failed: {e.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<WebGetResult> ReadAsync(Uri uri, HttpResponseMessage response, CancellationToken ct)
    {
        var contentType = response.Content.Headers.ContentType;
        var kind = Classify(contentType?.MediaType);
        if (kind == ContentKind.Binary)
        {
            var size = response.Content.Headers.ContentLength is { } length ? $", {ByteSize.Format(length)}" : "";
            return Error($"refusing binary content ({contentType?.MediaType}{size}) from {uri}: web_get returns text only");
        }

        var (body, truncated) = await ReadCappedAsync(response.Content, ct).ConfigureAwait(false);
        if (kind == ContentKind.Unknown)
        {
            kind = Sniff(body);
            if (kind == ContentKind.Binary)
            {
                return Error($"refusing binary content (no content type, looks binary) from {uri}: web_get returns text only");
            }
        }

        var text = Decode(body, contentType);
        var content = new StringBuilder();
        if (!response.IsSuccessStatusCode)
        {
            content.Append(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}\n\n");
        }

        if (kind == ContentKind.Html)
        {
            var (title, readable) = HtmlText.Render(text, uri);
            if (title is not null)
            {
                content.Append(CultureInfo.InvariantCulture, $"Title: {title}\n\n");
            }

            content.Append(readable);
        }
        else
        {
            content.Append(text);
        }

        if (truncated)
        {
            content.Append(CultureInfo.InvariantCulture, $"\n[content truncated: stopped reading after {ByteSize.Format(_maxBytes)}]");
        }

        return new WebGetResult(content.ToString(), !response.IsSuccessStatusCode);
    }

    private async Task<(byte[] Body, bool Truncated)> ReadCappedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var body = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (body.Length <= _maxBytes)
        {
            var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return (body.ToArray(), false);
            }

            body.Write(buffer, 0, read);
        }

        // One byte past the cap proves there was more; the rest is never read.
        return (body.GetBuffer().AsSpan(0, _maxBytes).ToArray(), true);
    }

    private static string Decode(byte[] body, MediaTypeHeaderValue? contentType)
    {
        var encoding = Encoding.UTF8;
        if (contentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset label: UTF-8 is the best guess on today's web.
            }
        }

        return encoding.GetString(body);
    }

    private enum ContentKind
    {
        Unknown,
        Html,
        Text,
        Binary,
    }

    private static ContentKind Classify(string? mediaType) => mediaType?.ToLowerInvariant() switch
    {
        null or "" => ContentKind.Unknown,
        "text/html" or "application/xhtml+xml" => ContentKind.Html,
        var t when t.StartsWith("text/", StringComparison.Ordinal) => ContentKind.Text,
        var t when t.EndsWith("+json", StringComparison.Ordinal) || t.EndsWith("+xml", StringComparison.Ordinal) => ContentKind.Text,
        "application/json" or "application/xml" or "application/javascript" or "application/ecmascript"
            or "application/x-javascript" or "application/yaml" or "application/x-yaml" or "application/toml"
            or "application/x-sh" or "application/sql" or "application/graphql" or "application/x-ndjson"
            or "application/csv" => ContentKind.Text,
        _ => ContentKind.Binary,
    };

    private static ContentKind Sniff(byte[] body)
    {
        var head = body.AsSpan(0, Math.Min(body.Length, 1024));
        if (head.Contains((byte)0))
        {
            return ContentKind.Binary;
        }

        var start = Encoding.UTF8.GetString(head).TrimStart().ToLowerInvariant();
        return start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal)
            ? ContentKind.Html
            : ContentKind.Text;
    }

    private static bool IsHttp(Uri uri) => uri.Scheme is "http" or "https";

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static WebGetResult Error(string message) => new($"web_get: {message}", true);
}
