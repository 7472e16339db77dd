namespace Anima.Actors.Tools;

/// <summary>Paths as the model gives them, resolved against the session's directory, and shown back relative to it.</summary>
public static class FilePaths
{
    /// <summary>The absolute path of <paramref name="path"/>: <c>~</c> is the user's home, a relative path starts in <paramref name="workingDirectory"/>.</summary>
    public static string Resolve(string workingDirectory, string path)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var expanded = path switch
        {
            "~" => home,
            _ when path.StartsWith("~/", StringComparison.Ordinal) => Path.Combine(home, path[2..]),
            _ => path,
        };
        return Path.GetFullPath(Path.IsPathRooted(expanded) ? expanded : Path.Combine(workingDirectory, expanded));
    }

    /// <summary><paramref name="fullPath"/> relative to <paramref name="workingDirectory"/> when it lies inside it, else as it is.</summary>
    public static string Show(string workingDirectory, string fullPath)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        return relative is "." or ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }
}
