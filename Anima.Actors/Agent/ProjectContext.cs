using System.Text;

namespace Anima.Actors.Agent;

/// <summary>
/// What the user wrote for agents working in a folder: <c>AGENTS.md</c> (the name many agents read) and
/// <c>ANIMA.md</c> (Anima's own), found in the session's directory. It goes in the stable part of the system
/// prompt, so it is read as the turn begins and stays the same for every call of the turn.
/// </summary>
public static class ProjectContext
{
    public static readonly IReadOnlyList<string> FileNames = ["AGENTS.md", "ANIMA.md"];

    /// <summary>More than this of a file is cut: it is paid for in every call.</summary>
    public const int MaxChars = 32 * 1024;

    /// <summary>The files found in <paramref name="directory"/> as one block for the system prompt; null when there are none.</summary>
    public static async Task<string?> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        var block = new StringBuilder();
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            string text;
            try
            {
                if (!File.Exists(path))
                {
                    continue;
                }

                text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                block.Append($"({name} is in {directory} but could not be read: {ex.Message})\n\n");
                continue;
            }

            var cut = text.Length > MaxChars;
            block.Append($"<project_instructions file=\"{path}\">\n")
                .Append(cut ? text[..MaxChars] : text.TrimEnd())
                .Append(cut ? $"\n[cut: the file has {text.Length} characters; read the rest with read_file]\n" : "\n")
                .Append("</project_instructions>\n\n");
        }

        return block.Length == 0 ? null : block.ToString().TrimEnd();
    }
}
