using System.Text;
using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>
/// edit_file: an exact text replacement in a file, which must match once unless every match is to be replaced; the
/// file is written atomically and the result is the unified diff of the change.
/// </summary>
public sealed class EditFileTool(FileToolLimits limits) : ITool
{
    public const string ToolName = "edit_file";

    private const int LinesNamed = 10;

    public string Name => ToolName;

    public string Description => """
        Replace exact text in a file. old_string must appear in the file exactly as given (whitespace and
        indentation included, without read_file's line numbers) and only once, unless replace_all is true: give
        enough surrounding lines to make it unique. The file is written atomically; the result is the unified diff
        of the change. Relative paths start in the session's working directory. Read the file first. To create a
        file, or rewrite most of one, use write_file.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file to edit, absolute or relative to the working directory." },
            "old_string": { "type": "string", "description": "The exact text to replace." },
            "new_string": { "type": "string", "description": "The text to put in its place (empty to delete it)." },
            "replace_all": { "type": "boolean", "description": "Replace every occurrence instead of requiring exactly one (default false)." }
          },
          "required": ["path", "old_string", "new_string"],
          "additionalProperties": false
        }
        """);

    public ToolAccess Access => ToolAccess.EditsFiles;

    public string? TargetPath(ToolInput input, string workingDirectory) =>
        input.Text("path") is { Length: > 0 } path ? FilePaths.Resolve(workingDirectory, path) : null;

    /// <summary>The diff the edit would make, or why it would fail (the model reads that too, if it runs).</summary>
    public async Task<string> PreviewAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var (edit, refusal) = await PrepareAsync(input, context.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        return edit is null ? $"{input.Text("path")}: {refusal!.Content}" : edit.Diff;
    }

    public async Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var (edit, refusal) = await PrepareAsync(input, context.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        if (edit is null)
        {
            return refusal!;
        }

        await AtomicFile.WriteAsync(edit.FullPath, edit.Edited, cancellationToken).ConfigureAwait(false);
        var summary = edit.Replacements == 1 ? $"Edited {edit.Shown}." : $"Edited {edit.Shown}: {edit.Replacements} replacements.";
        return new ToolResult(ToolResultCap.Fit(summary + "\n" + edit.Diff, FileToolLimits.MaxOutputChars), IsError: false);
    }

    /// <summary>The edit worked out in memory (nothing written), or the error result that says why it cannot be made.</summary>
    private async Task<(PreparedEdit? Edit, ToolResult? Refusal)> PrepareAsync(ToolInput input, string workingDirectory, CancellationToken cancellationToken)
    {
        var fullPath = FilePaths.Resolve(workingDirectory, input.RequiredText("path"));
        var oldString = input.RequiredText("old_string");
        var newString = input.Text("new_string") ?? throw new ToolInputException("'new_string' must be a string");
        var replaceAll = input.Flag("replace_all") ?? false;
        var shown = FilePaths.Show(workingDirectory, fullPath);
        if (oldString == newString)
        {
            return (null, ToolResult.Error("old_string and new_string are the same: there is nothing to change."));
        }

        var (text, refusal) = await TextFile.ReadAsync(fullPath, shown, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return (null, ToolResult.Error(refusal! + (File.Exists(fullPath) || Directory.Exists(fullPath) ? string.Empty : " Use write_file to create a file.")));
        }

        var offsets = Occurrences(text, oldString);
        if (offsets.Count == 0 && text.Contains("\r\n", StringComparison.Ordinal) && !oldString.Contains('\r'))
        {
            // The file ends its lines with CRLF and the model wrote LF: match, and keep, the file's line ends.
            oldString = oldString.Replace("\n", "\r\n", StringComparison.Ordinal);
            newString = newString.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
            offsets = Occurrences(text, oldString);
        }

        switch (offsets.Count)
        {
            case 0:
                return (null, ToolResult.Error($"old_string was not found in {shown}. Read the file again and copy the text exactly, whitespace and indentation included, without the line numbers."));
            case > 1 when !replaceAll:
                var lines = offsets.Take(LinesNamed).Select(offset => LineOf(text, offset));
                return (null, ToolResult.Error($"old_string occurs {offsets.Count} times in {shown} (at lines {string.Join(", ", lines)}{(offsets.Count > LinesNamed ? ", …" : string.Empty)}). Include more of the surrounding text to pick one, or set replace_all to change them all."));
        }

        var edited = Replace(text, offsets, oldString.Length, newString);
        var diff = UnifiedDiff.Of(shown, text, edited, offsets, oldString.Length, newString.Length);
        return (new PreparedEdit(fullPath, shown, edited, diff, offsets.Count), null);
    }

    private sealed record PreparedEdit(string FullPath, string Shown, string Edited, string Diff, int Replacements);

    private static List<int> Occurrences(string text, string value)
    {
        var offsets = new List<int>();
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            offsets.Add(at);
        }

        return offsets;
    }

    private static string Replace(string text, List<int> offsets, int length, string replacement)
    {
        var result = new StringBuilder(text.Length + offsets.Count * (replacement.Length - length));
        var from = 0;
        foreach (var offset in offsets)
        {
            result.Append(text, from, offset - from).Append(replacement);
            from = offset + length;
        }

        return result.Append(text, from, text.Length - from).ToString();
    }

    private static int LineOf(string text, int offset) => text.AsSpan(0, offset).Count('\n') + 1;
}
