using System.Net.Http.Headers;
using System.Text.Json;

namespace Anima.Actors.Providers;

/// <summary>Turns the API's error answers into classified <see cref="ProviderException"/>s.</summary>
internal static class AnthropicErrors
{
    public static ProviderErrorKind Classify(int status) => status switch
    {
        401 or 403 => ProviderErrorKind.Authentication,
        408 or 409 or 429 => ProviderErrorKind.Transient,
        >= 500 => ProviderErrorKind.Transient, // 500, 502, 503, 504 and 529 overloaded
        _ => ProviderErrorKind.BadRequest, // 400, 404, 413, 422 and any other client error
    };

    public static ProviderException FromResponse(int status, string body, HttpResponseHeaders headers)
    {
        var (type, message) = ReadError(body);
        return new ProviderException(Classify(status), $"Anthropic API {status} {type}: {message}", status, RetryAfter(headers));
    }

    /// <summary>The error type and message of <c>{"type":"error","error":{"type":…,"message":…}}</c>, or the raw text.</summary>
    public static (string Type, string Message) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return ReadError(document.RootElement);
        }
        catch (JsonException)
        {
            var text = body.Trim();
            return ("error", text.Length == 0 ? "(empty body)" : text[..Math.Min(text.Length, 500)]);
        }
    }

    public static (string Type, string Message) ReadError(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (type ?? "error", message ?? "(no message)");
        }

        return ("error", root.GetRawText());
    }

    /// <summary><c>retry-after-ms</c> when present, else <c>retry-after</c> as seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
    }
}
