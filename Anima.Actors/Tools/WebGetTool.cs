using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>web_get: one http(s) URL read as text, through the brain's shared <see cref="Tools.WebGet"/> client.</summary>
public sealed class WebGetTool(WebGet web) : ITool
{
    public const string ToolName = "web_get";

    public string Name => ToolName;

    public ToolAccess Access => ToolAccess.ReadOnly;

    public string Description { get; } = $"""
        Fetch one http or https URL and read it as text. HTML pages come back as their readable text (title,
        headings as #, list items as -, links as [text](url)), without scripts, styles or navigation; JSON,
        plain text and other text types come back as they are; images and other binary content are refused.
        Up to {WebGet.MaxRedirects} redirects are followed. Reading stops after
        {WebGet.DefaultMaxBytes / (1024 * 1024)} MB and the fetch gives up after
        {WebGet.DefaultTimeout.TotalSeconds:0} s; a text longer than {ToolResultCap.DefaultMaxBytes / 1024} KB keeps its start and its end. It is a plain GET with no JavaScript, cookies or login;
        for anything else (POST, headers, downloads to a file) use curl in bash.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "The absolute http or https URL to fetch." }
          },
          "required": ["url"],
          "additionalProperties": false
        }
        """);

    public async Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var result = await web.GetAsync(input.RequiredText("url"), cancellationToken).ConfigureAwait(false);
        return new ToolResult(result.Content, result.IsError);
    }
}
