using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>write_file: a whole file written atomically (a temporary file renamed over it), folders created as needed.</summary>
public sealed class WriteFileTool : ITool
{
    public const string ToolName = "write_file";

    /// <summary>The lines of new content an approval prompt shows.</summary>
    private const int PreviewLines = 40;

    public string Name => ToolName;

    public string Description => """
        Write a text file whole: create it, or replace everything in it. Missing folders are created. The write is
        atomic: the file is either the old one or the new one, never half written. Relative paths start in the
        session's working directory. To change part of an existing file use edit_file instead; read a file before
        you replace it.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file to write, absolute or relative to the working directory." },
            "content": { "type": "string", "description": "The file's whole new text." }
          },
          "required": ["path", "content"],
          "additionalProperties": false
        }
        """);

    public ToolAccess Access => ToolAccess.EditsFiles;

    public string? TargetPath(ToolInput input, string workingDirectory) =>
        input.Text("path") is { Length: > 0 } path ? FilePaths.Resolve(workingDirectory, path) : null;

    /// <summary>The file to be written and the start of its new text.</summary>
    public Task<string> PreviewAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        if (TargetPath(input, context.WorkingDirectory) is not { } fullPath || input.Text("content") is not { } content)
        {
            return Task.FromResult(input.Json);
        }

        var lines = content.Split('\n');
        var shown = string.Join('\n', lines.Take(PreviewLines).Select(line => "+" + line));
        var more = lines.Length > PreviewLines ? $"\n… {lines.Length - PreviewLines} more lines" : string.Empty;
        var verb = File.Exists(fullPath) ? "Replace" : "Create";
        return Task.FromResult($"{verb} {FilePaths.Show(context.WorkingDirectory, fullPath)} ({lines.Length} lines):\n{shown}{more}");
    }

    public async Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var fullPath = FilePaths.Resolve(context.WorkingDirectory, input.RequiredText("path"));
        var content = input.Text("content") ?? throw new ToolInputException("'content' must be a string");
        var shown = FilePaths.Show(context.WorkingDirectory, fullPath);
        if (Directory.Exists(fullPath))
        {
            return ToolResult.Error($"{shown} is a directory; give the path of a file inside it.");
        }

        var existed = File.Exists(fullPath);
        await AtomicFile.WriteAsync(fullPath, content, cancellationToken).ConfigureAwait(false);
        var lines = content.Length == 0 ? 0 : content.Count(c => c == '\n') + (content.EndsWith('\n') ? 0 : 1);
        return new ToolResult($"{(existed ? "Replaced" : "Created")} {shown}: {lines} lines, {ByteSize.Format(new FileInfo(fullPath).Length)}.", IsError: false);
    }
}
