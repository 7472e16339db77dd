using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Anima.Actors.Tools;

/// <summary>grep: lines matching a regular expression in the files under a folder, leaving out what .gitignore excludes; capped.</summary>
public sealed class GrepTool(FileToolLimits limits) : ITool
{
    public const string ToolName = "grep";

    private const int MaxShownLineChars = 300;

    public string Name => ToolName;

    public ToolAccess Access => ToolAccess.ReadOnly;

    public string Description { get; } = $"""
        Search file contents with a regular expression (.NET syntax, like Perl's). path is a file or a folder
        (default: the session's working directory); in a folder, glob narrows which files are read (e.g. "*.cs").
        Files that .gitignore excludes, binary files and files over {ByteSize.Format(limits.MaxFileBytes)} are
        skipped. Each match comes back as path:line: text, paths relative to the working directory; at most
        {limits.MaxResults} lines, each cut at {MaxShownLineChars} characters. Set ignore_case for a case-insensitive search.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": "The regular expression to look for in each line." },
            "path": { "type": "string", "description": "The file or folder to search (default: the working directory)." },
            "glob": { "type": "string", "description": "Only files whose paths match this glob, e.g. \"*.cs\"." },
            "ignore_case": { "type": "boolean", "description": "Match regardless of case (default false)." }
          },
          "required": ["pattern"],
          "additionalProperties": false
        }
        """);

    public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var pattern = input.RequiredText("pattern");
        var target = FilePaths.Resolve(context.WorkingDirectory, input.Text("path") is { Length: > 0 } path ? path : ".");
        var options = RegexOptions.CultureInvariant | (input.Flag("ignore_case") == true ? RegexOptions.IgnoreCase : RegexOptions.None);
        Regex regex;
        try
        {
            regex = new Regex(pattern, options, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            return Task.FromResult(ToolResult.Error($"'{pattern}' is not a valid regular expression: {ex.Message}"));
        }

        GlobPattern? glob = null;
        if (input.Text("glob") is { Length: > 0 } globText && (glob = GlobPattern.Parse(globText)) is null)
        {
            return Task.FromResult(ToolResult.Error($"'{globText}' is not a glob this tool can read."));
        }

        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return Task.FromResult(ToolResult.Error($"There is no file or folder {FilePaths.Show(context.WorkingDirectory, target)}."));
        }

        // The search reads the disk and may take a while: off the caller's thread, stopped by an interrupt.
        return Task.Run(() => Search(context.WorkingDirectory, target, regex, glob, cancellationToken), cancellationToken);
    }

    private ToolResult Search(string workingDirectory, string target, Regex regex, GlobPattern? glob, CancellationToken cancellationToken)
    {
        var files = File.Exists(target)
            ? [target]
            : ProjectFiles.Walk(target, cancellationToken).Where(relative => glob?.Matches(relative) ?? true).Select(relative => Path.Combine(target, relative));
        var output = new StringBuilder();
        var shown = 0;
        var more = 0;
        var filesWithMatches = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            if (info.Length > limits.MaxFileBytes)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // unreadable: as grep -s
            }

            if (TextFile.IsBinary(bytes))
            {
                continue;
            }

            var name = FilePaths.Show(workingDirectory, file);
            var lineNumber = 0;
            var matched = false;
            foreach (var rawLine in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                lineNumber++;
                var line = rawLine.TrimEnd('\r');
                bool isMatch;
                try
                {
                    isMatch = regex.IsMatch(line);
                }
                catch (RegexMatchTimeoutException)
                {
                    return ToolResult.Error($"The regular expression took over a second on one line of {name}; simplify it (nested repetition like (a+)+ backtracks without end).");
                }

                if (!isMatch)
                {
                    continue;
                }

                matched = true;
                if (shown < limits.MaxResults && output.Length < FileToolLimits.MaxOutputChars)
                {
                    shown++;
                    output.Append(name).Append(':').Append(lineNumber).Append(": ")
                        .Append(line.Length > MaxShownLineChars ? line[..MaxShownLineChars] + "…" : line).Append('\n');
                }
                else
                {
                    more++;
                }
            }

            filesWithMatches += matched ? 1 : 0;
        }

        if (shown == 0)
        {
            return new ToolResult($"No matches for /{regex}/ under {FilePaths.Show(workingDirectory, target)}.", IsError: false);
        }

        if (more > 0)
        {
            output.Append($"[{more} more matching lines not shown ({shown + more} in {filesWithMatches} files); narrow the pattern, the path or the glob]\n");
        }

        return new ToolResult(output.ToString(), IsError: false);
    }
}
