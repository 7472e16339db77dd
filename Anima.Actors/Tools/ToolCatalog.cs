using System.Text.Json;
using Anima.Actors.Providers;

namespace Anima.Actors.Tools;

/// <summary>The tools as the model sees them: names, how to use them, and their input schemas.</summary>
public static class ToolCatalog
{
    public const string BashName = "bash";
    public const string WebGetName = "web_get";

    public static ToolDefinition Bash { get; } = new(
        BashName,
        $"""
        Run a command in your persistent bash shell on the user's machine. It is one long-lived shell for this
        session: the working directory, exported variables, shell functions and aliases carry over to the next
        call, so `cd` once and stay there. Background jobs (`cmd &`) keep running between calls.
        stdin is /dev/null, so never run interactive programs (editors, pagers, prompts); pass flags like
        `--yes` or `-y` instead. Several lines and heredocs are fine.
        You get stdout, then stderr under [stderr], and [exit code N] when it is not 0. A stream longer than
        {ShellSession.MaxOutputBytes / 1024} KB keeps its first and last {ShellSession.MaxOutputBytes / 2048} KB with a note of what was cut between them,
        so narrow big output yourself (head, tail, grep, wc).
        A command is killed after timeout_seconds (default {ShellSession.DefaultTimeout.TotalSeconds:0}); the
        shell and its state survive. If the shell itself exits (`exit`, or a failing command after `set -e`),
        a fresh one starts in the same directory on the next call and you are told so; `set -e` is reset
        between calls.
        """,
        Schema("""
            {
              "type": "object",
              "properties": {
                "command": { "type": "string", "description": "The bash command or script to run." },
                "timeout_seconds": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 3600,
                  "description": "Kill the command after this many seconds (default 30). Raise it for builds and tests."
                }
              },
              "required": ["command"],
              "additionalProperties": false
            }
            """));

    public static ToolDefinition WebGet { get; } = new(
        WebGetName,
        $"""
        Fetch one http or https URL and read it as text. HTML pages come back as their readable text (title,
        headings as #, list items as -, links as [text](url)), without scripts, styles or navigation; JSON,
        plain text and other text types come back as they are; images and other binary content are refused.
        Up to {Tools.WebGet.MaxRedirects} redirects are followed. Reading stops after
        {Tools.WebGet.DefaultMaxBytes / (1024 * 1024)} MB and the fetch gives up after
        {Tools.WebGet.DefaultTimeout.TotalSeconds:0} s; a text longer than {ToolResultCap.DefaultMaxBytes / 1024} KB keeps its start and its end. It is a plain GET with no JavaScript, cookies or login;
        for anything else (POST, headers, downloads to a file) use curl in bash.
        """,
        Schema("""
            {
              "type": "object",
              "properties": {
                "url": { "type": "string", "description": "The absolute http or https URL to fetch." }
              },
              "required": ["url"],
              "additionalProperties": false
            }
            """));

    public static IReadOnlyList<ToolDefinition> All { get; } = [Bash, WebGet];

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
