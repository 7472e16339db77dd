using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// What one shell command produced. Streams over the cap end in a truncation note and set
/// <paramref name="Truncated"/>; a timed-out command reports exit code 124, as coreutils <c>timeout</c> does.
/// <paramref name="Notice"/> carries what the model should know beyond the output (timeout, restarts).
/// </summary>
public sealed record ShellResult(string Stdout, string Stderr, int ExitCode, bool TimedOut, bool Truncated, string? Notice)
{
    public const int TimedOutExitCode = 124;

    public bool IsError => ExitCode != 0 || TimedOut;

    /// <summary>Compact text for a tool_result: stdout, a <c>[stderr]</c> section, the exit code when non-zero, notices.</summary>
    public string ToToolContent()
    {
        var content = new StringBuilder();
        if (Stdout.Length > 0)
        {
            content.Append(Stdout.TrimEnd('\n'));
        }

        if (!string.IsNullOrWhiteSpace(Stderr))
        {
            AppendLine(content, "[stderr]\n" + Stderr.TrimEnd('\n'));
        }

        if (ExitCode != 0 && !TimedOut)
        {
            AppendLine(content, $"[exit code {ExitCode}]");
        }

        if (Notice is not null)
        {
            AppendLine(content, $"[{Notice}]");
        }

        return content.Length == 0 ? "(no output)" : content.ToString();
    }

    private static void AppendLine(StringBuilder content, string line)
    {
        if (content.Length > 0)
        {
            content.Append('\n');
        }

        content.Append(line);
    }
}
