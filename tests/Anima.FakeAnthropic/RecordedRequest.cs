using System.Text.Json.Nodes;

namespace Anima.FakeAnthropic;

/// <summary>A request the fake received, kept so tests can assert what a client sent.</summary>
/// <param name="Headers">Lower-cased header names; multiple values joined with ", ".</param>
/// <param name="Body">The parsed JSON body, or null when it was empty or not JSON.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string RawBody,
    JsonNode? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string? Model => Body?["model"]?.GetValue<string>();

    public bool IsStreaming => Body?["stream"] is JsonValue v && v.TryGetValue<bool>(out var s) && s;

    /// <summary>The system prompt, whether sent as a string or as text blocks.</summary>
    public string? System => Body?["system"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b?["text"]?.GetValue<string>())),
        _ => null,
    };

    public JsonArray Messages => Body?["messages"] as JsonArray ?? [];

    /// <summary>The text of the last user message (string content or its last text block), if any.</summary>
    public string? LastUserText
    {
        get
        {
            var last = Messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
            return last?["content"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray blocks => blocks.LastOrDefault(b => b?["type"]?.GetValue<string>() == "text")?["text"]?.GetValue<string>(),
                _ => null,
            };
        }
    }
}
