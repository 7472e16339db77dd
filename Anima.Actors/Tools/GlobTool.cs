using System.Text;
using System.Text.Json;

namespace Anima.Actors.Tools;

/// <summary>glob: the files whose paths match a pattern, leaving out what .gitignore excludes; the list is capped.</summary>
public sealed class GlobTool(FileToolLimits limits) : ITool
{
    public const string ToolName = "glob";

    public string Name => ToolName;

    public ToolAccess Access => ToolAccess.ReadOnly;

    public string Description { get; } = $"""
        Find files by name. pattern is a glob matched against paths relative to path (default: the session's
        working directory): * and ? stay within a name, ** crosses folders, [abc] is a class; a pattern without a
        slash matches file names at any depth (*.cs finds every C# file, src/**/*.cs those under src). Files that
        .gitignore excludes, and .git itself, are left out. Paths come back sorted, relative to the working
        directory, at most {limits.MaxResults}; narrow the pattern or the path when there are more.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": "The glob, e.g. \"*.md\" or \"src/**/*Spec*.cs\"." },
            "path": { "type": "string", "description": "The folder to search (default: the working directory)." }
          },
          "required": ["pattern"],
          "additionalProperties": false
        }
        """);

    public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var pattern = input.RequiredText("pattern");
        var root = FilePaths.Resolve(context.WorkingDirectory, input.Text("path") is { Length: > 0 } path ? path : ".");
        if (!Directory.Exists(root))
        {
            return Task.FromResult(ToolResult.Error($"There is no folder {FilePaths.Show(context.WorkingDirectory, root)}."));
        }

        if (GlobPattern.Parse(pattern) is not { } glob)
        {
            return Task.FromResult(ToolResult.Error($"'{pattern}' is not a glob this tool can read."));
        }

        // The walk reads the disk: off the caller's thread.
        return Task.Run(() => List(context.WorkingDirectory, root, glob, cancellationToken), cancellationToken);
    }

    private ToolResult List(string workingDirectory, string root, GlobPattern glob, CancellationToken cancellationToken)
    {
        var matches = new List<string>();
        var more = 0;
        foreach (var relative in ProjectFiles.Walk(root, cancellationToken))
        {
            if (!glob.Matches(relative))
            {
                continue;
            }

            if (matches.Count < limits.MaxResults)
            {
                matches.Add(FilePaths.Show(workingDirectory, Path.Combine(root, relative)));
            }
            else
            {
                more++;
            }
        }

        if (matches.Count == 0)
        {
            return new ToolResult($"No files match '{glob.Pattern}' under {FilePaths.Show(workingDirectory, root)}.", IsError: false);
        }

        var output = new StringBuilder();
        foreach (var match in matches)
        {
            output.Append(match).Append('\n');
        }

        if (more > 0)
        {
            output.Append($"[{more} more files match; narrow the pattern or the path]\n");
        }

        return new ToolResult(output.ToString(), IsError: false);
    }
}
