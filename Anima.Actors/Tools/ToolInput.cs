using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>The input object the model sent with a tool call, parsed once by the registry.</summary>
public sealed class ToolInput
{
    private readonly JsonElement _root;

    private ToolInput(JsonElement root) => _root = root;

    /// <summary>The input, or null when it is not a JSON object.</summary>
    public static ToolInput? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? new ToolInput(document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The input object as JSON text.</summary>
    public string Json => _root.GetRawText();

    /// <summary>A string property, or null when it is missing or not a string.</summary>
    public string? Text(string property) =>
        _root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A non-empty string property the tool cannot run without.</summary>
    public string RequiredText(string property) =>
        Text(property) is { Length: > 0 } text ? text : throw new ToolInputException($"'{property}' must be a non-empty string");

    /// <summary>A whole-number property, or null when it is missing or not a 32-bit integer.</summary>
    public int? WholeNumber(string property) =>
        _root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>A boolean property, or null when it is missing or not a boolean.</summary>
    public bool? Flag(string property) =>
        _root.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
