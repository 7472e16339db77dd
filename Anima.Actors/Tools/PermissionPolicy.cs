using Anima.Messages.Sessions;

namespace Anima.Actors.Tools;

/// <summary>
/// Decides whether a tool call runs or asks the user first. Pure but for a look at the file system for symbolic links
/// on the way to a file an edit would write.
/// </summary>
/// <remarks>
/// Read-only tools never ask; trust runs everything; an allow rule (the configuration's or the session's) runs what it
/// matches; auto-edit runs a file tool whose path lies inside the session's directory; everything else asks.
/// </remarks>
public static class PermissionPolicy
{
    public static PermissionCheck Check(
        ITool tool,
        ToolInput? input,
        PermissionMode mode,
        IReadOnlyList<AllowRule> configured,
        IReadOnlyList<AllowRule> session,
        string workingDirectory)
    {
        if (tool.Access is ToolAccess.ReadOnly or ToolAccess.AnimaOnly || mode == PermissionMode.Trust)
        {
            return PermissionCheck.Allow;
        }

        if (Matches(configured, tool.Name, input) || Matches(session, tool.Name, input))
        {
            return PermissionCheck.Allow;
        }

        var rule = AllowRule.SuggestFor(tool.Name, input);
        if (tool.Access == ToolAccess.EditsFiles)
        {
            var target = input is null ? null : tool.TargetPath(input, workingDirectory);
            if (target is null || !Inside(workingDirectory, target))
            {
                return PermissionCheck.Ask($"{tool.Name} would write outside the session's directory ({workingDirectory})", rule);
            }

            if (mode == PermissionMode.AutoEdit)
            {
                return PermissionCheck.Allow;
            }
        }

        return PermissionCheck.Ask($"{tool.Name} asks first in {PermissionModes.Name(mode)} mode", rule);
    }

    private static bool Matches(IReadOnlyList<AllowRule> rules, string tool, ToolInput? input)
    {
        foreach (var rule in rules)
        {
            if (rule.Allows(tool, input))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="path"/> lies under <paramref name="directory"/>, and no symbolic link on the way there (the
    /// file itself included) could lead the write elsewhere.
    /// </summary>
    public static bool Inside(string directory, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        for (var at = full; at.Length > root.Length; at = Path.GetDirectoryName(at)!)
        {
            FileSystemInfo entry = Directory.Exists(at) ? new DirectoryInfo(at) : new FileInfo(at);
            if (entry.Exists && entry.LinkTarget is not null)
            {
                return false;
            }
        }

        return true;
    }
}
