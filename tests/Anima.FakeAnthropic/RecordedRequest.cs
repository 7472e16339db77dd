using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Anima.FakeAnthropic;

/// <summary>A request the fake received, kept so tests can assert what a client sent.</summary>
/// <remarks>
/// The body is parsed into a tree only when something asks for it: answering needs just the top-level
/// shape (<see cref="HasMessages"/>, <see cref="IsStreaming"/>, <see cref="Model"/>), read in one pass, so the fake's own
/// parsing of a long conversation does not count as the brain's overhead in the bench.
/// </remarks>
public sealed class RecordedRequest
{
    private readonly Lazy<JsonNode?> _body;
    private readonly Lazy<string> _rawBody;

    /// <param name="headers">Lower-cased header names; multiple values joined with ", ".</param>
    /// <param name="body">The body as it arrived (UTF-8).</param>
    public RecordedRequest(string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        Method = method;
        Path = path;
        Headers = headers;
        BodyBytes = body.Length;
        _rawBody = new Lazy<string>(() => Encoding.UTF8.GetString(body));
        _body = new Lazy<JsonNode?>(() => Parse(body));
        (HasMessages, IsStreaming, Model) = Shape(body);
    }

    public string Method { get; }

    public string Path { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body as text (decoded when first asked for).</summary>
    public string RawBody => _rawBody.Value;

    /// <summary>The body's length in bytes.</summary>
    public int BodyBytes { get; }

    /// <summary>The parsed JSON body, or null when it was empty or not JSON.</summary>
    public JsonNode? Body => _body.Value;

    /// <summary>The body is a JSON object with a <c>messages</c> array.</summary>
    public bool HasMessages { get; }

    public bool IsStreaming { get; }

    /// <summary>How the prompt cache billed this request's input (message requests only).</summary>
    public FakeCacheUsage? Cache { get; internal set; }

    /// <summary>How many blocks carry a <c>cache_control</c> breakpoint, and where: tools, system, messages.</summary>
    public IReadOnlyList<string> Breakpoints =>
    [
        .. (Body?["tools"] as JsonArray ?? []).Where(HasBreakpoint).Select(t => "tool:" + t!["name"]?.GetValue<string>()),
        .. (Body?["system"] as JsonArray ?? []).Where(HasBreakpoint).Select(_ => "system"),
        .. Messages.SelectMany((m, i) => (m?["content"] as JsonArray ?? []).Where(HasBreakpoint).Select(b => $"message {i}:{b!["type"]}")),
    ];

    /// <summary>The messages without any <c>cache_control</c> marker and without the volatile tail: the prefix's content.</summary>
    public IReadOnlyList<string> StableMessages
    {
        get
        {
            var messages = Messages.Select(m => m!.DeepClone()).ToList();
            foreach (var message in messages)
            {
                if (message["content"] is JsonArray blocks)
                {
                    foreach (var block in blocks.OfType<JsonObject>())
                    {
                        block.Remove("cache_control");
                    }
                }
            }

            if (InnerState is not null && messages[^1]["content"] is JsonArray last)
            {
                last.RemoveAt(last.Count - 1);
            }

            return [.. messages.Select(m => m.ToJsonString())];
        }
    }

    private static bool HasBreakpoint(JsonNode? block) => block is JsonObject o && o.ContainsKey("cache_control");

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>The top-level <c>model</c>, when it is a string.</summary>
    public string? Model { get; }

    /// <summary>The system prompt, whether sent as a string or as text blocks.</summary>
    public string? System => Body?["system"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b?["text"]?.GetValue<string>())),
        _ => null,
    };

    public JsonArray Messages => Body?["messages"] as JsonArray ?? [];

    /// <summary>
    /// The text of the last user message (string content or its last text block that is not the agent's inner state),
    /// if any.
    /// </summary>
    public string? LastUserText
    {
        get
        {
            var last = Messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
            return last?["content"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray blocks => blocks.LastOrDefault(b => IsText(b) && !IsInnerState(b))?["text"]?.GetValue<string>(),
                _ => null,
            };
        }
    }

    /// <summary>
    /// The volatile tail Anima closes its request with (the last text block of the last message, when it is marked
    /// <c>&lt;inner_state&gt;</c>), or null.
    /// </summary>
    public string? InnerState =>
        Messages.LastOrDefault()?["content"] is JsonArray blocks && blocks.LastOrDefault() is { } block && IsInnerState(block)
            ? block["text"]!.GetValue<string>()
            : null;

    /// <summary>The request's extended-thinking budget, or null when thinking is off.</summary>
    public int? ThinkingBudget => Body?["thinking"]?["budget_tokens"]?.GetValue<int>();

    private static bool IsText(JsonNode? block) => block?["type"]?.GetValue<string>() == "text";

    /// <summary>Whether a content block is the agent's inner state (the volatile tail), not words of the user.</summary>
    public static bool IsInnerState(JsonNode? block) =>
        IsText(block) && block!["text"]?.GetValue<string>() is { } text && text.StartsWith("<inner_state>", StringComparison.Ordinal);

    private static JsonNode? Parse(byte[] raw)
    {
        try
        {
            return raw.Length > 0 ? JsonNode.Parse(raw) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The top level only: nested values are skipped, not built.</summary>
    private static (bool HasMessages, bool IsStreaming, string? Model) Shape(byte[] raw)
    {
        var hasMessages = false;
        var streaming = false;
        string? model = null;
        try
        {
            var reader = new Utf8JsonReader(raw);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (false, false, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "messages")
                {
                    hasMessages = reader.TokenType == JsonTokenType.StartArray;
                }
                else if (name == "stream")
                {
                    streaming = reader.TokenType == JsonTokenType.True;
                }
                else if (name == "model" && reader.TokenType == JsonTokenType.String)
                {
                    model = reader.GetString();
                }

                reader.Skip();
            }

            return (hasMessages, streaming, model);
        }
        catch (JsonException)
        {
            return (false, false, null);
        }
    }
}
