using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>read_file: a text file's lines, numbered, from a line on; binary and oversized files are refused with the reason.</summary>
public sealed class ReadFileTool(FileToolLimits limits) : ITool
{
    public const string ToolName = "read_file";

    public string Name => ToolName;

    public ToolAccess Access => ToolAccess.ReadOnly;

    public string Description { get; } = $"""
        Read a text file. Each line comes back numbered (the number, a tab, the line), so you can cite and edit it.
        Relative paths start in the session's working directory. Without offset and limit you get the first
        {limits.MaxLines} lines; for a long file read on with offset (the first line to show, from 1) and limit
        (how many). Lines over {FileToolLimits.MaxLineChars} characters are cut. Files over
        {ByteSize.Format(limits.MaxFileBytes)} and binary files are refused: use grep, or bash, for those.
        To list a folder use glob.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file to read, absolute or relative to the working directory." },
            "offset": { "type": "integer", "minimum": 1, "description": "The first line to read, counted from 1 (default 1)." },
            "limit": { "type": "integer", "minimum": 1, "description": "How many lines to read." }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """);

    public async Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var fullPath = FilePaths.Resolve(context.WorkingDirectory, input.RequiredText("path"));
        var shown = FilePaths.Show(context.WorkingDirectory, fullPath);
        var offset = input.WholeNumber("offset") ?? 1;
        var limit = input.WholeNumber("limit") ?? limits.MaxLines;
        if (offset < 1 || limit < 1)
        {
            return ToolResult.Error("offset and limit count lines from 1: give numbers of 1 or more.");
        }

        var (text, refusal) = await TextFile.ReadAsync(fullPath, shown, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return ToolResult.Error(refusal!);
        }

        if (text.Length == 0)
        {
            return new ToolResult($"{shown} is empty.", IsError: false);
        }

        var lines = text.Split('\n');
        var total = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        if (offset > total)
        {
            return ToolResult.Error($"{shown} has {total} lines; offset {offset} is past its end.");
        }

        var width = Math.Max(4, total.ToString(CultureInfo.InvariantCulture).Length);
        var output = new StringBuilder();
        var last = Math.Min(total, offset - 1 + limit);
        var line = offset;
        for (; line <= last && output.Length < FileToolLimits.MaxOutputChars; line++)
        {
            var content = lines[line - 1].TrimEnd('\r');
            output.Append(line.ToString(CultureInfo.InvariantCulture).PadLeft(width)).Append('\t');
            if (content.Length > FileToolLimits.MaxLineChars)
            {
                output.Append(content, 0, FileToolLimits.MaxLineChars).Append($"… [{content.Length - FileToolLimits.MaxLineChars} more characters]");
            }
            else
            {
                output.Append(content);
            }

            output.Append('\n');
        }

        if (line <= total)
        {
            output.Append($"[lines {offset}–{line - 1} of {total}; read on with offset {line}]\n");
        }

        return new ToolResult(output.ToString(), IsError: false);
    }
}
