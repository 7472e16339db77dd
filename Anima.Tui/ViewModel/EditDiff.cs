namespace Anima.Tui.ViewModel;

/// <summary>An edit_file result (a line of summary, then a unified diff) as the transcript shows it.</summary>
public static class EditDiff
{
    public const string ToolName = "edit_file";

    /// <summary>Whether the call's result is a diff to colour: a successful edit_file.</summary>
    public static bool Applies(ToolItem tool) => tool is { Name: ToolName, IsError: false, Result: not null };

    /// <summary>The lines added and removed, as <c>+2 −1</c>, for the folded line.</summary>
    public static string Counts(string result)
    {
        int added = 0, removed = 0;
        foreach (var line in result.Split('\n'))
        {
            if (line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            added += line.StartsWith('+') ? 1 : 0;
            removed += line.StartsWith('-') ? 1 : 0;
        }

        return $"+{added} −{removed}";
    }
}
