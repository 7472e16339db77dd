namespace Anima.Actors.Tools;

/// <summary>
/// The files under a folder as a project sees them: <c>.git</c> and what <c>.gitignore</c> files exclude are left out
/// (those in the folder and below, and those above it up to the repository's root), folders in name order, so two
/// walks list the same files in the same order.
/// </summary>
public static class ProjectFiles
{
    /// <summary>Every file under <paramref name="root"/> not ignored, as paths relative to it with <c>/</c> between names.</summary>
    public static IEnumerable<string> Walk(string root, CancellationToken cancellationToken)
    {
        var rules = new List<GitIgnore>(Above(root));
        return Walk(root, string.Empty, rules, cancellationToken);
    }

    private static IEnumerable<string> Walk(string root, string relative, List<GitIgnore> rules, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var folder = relative.Length == 0 ? root : Path.Combine(root, relative);
        var added = false;
        if (TryReadLines(Path.Combine(folder, ".gitignore")) is { } lines)
        {
            rules.Add(GitIgnore.Parse(relative, lines));
            added = true;
        }

        string[] files, folders;
        try
        {
            files = Directory.GetFiles(folder);
            folders = Directory.GetDirectories(folder);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            files = folders = []; // a folder we may not read is skipped, as ls would be refused
        }

        Array.Sort(files, StringComparer.Ordinal);
        Array.Sort(folders, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = Join(relative, Path.GetFileName(file));
            if (!Ignored(rules, path, isDirectory: false))
            {
                yield return path;
            }
        }

        foreach (var sub in folders)
        {
            var name = Path.GetFileName(sub);
            var path = Join(relative, name);
            if (name == ".git" || Ignored(rules, path, isDirectory: true) || new DirectoryInfo(sub).LinkTarget is not null)
            {
                continue; // a linked folder could lead in a circle
            }

            foreach (var found in Walk(root, path, rules, cancellationToken))
            {
                yield return found;
            }
        }

        if (added)
        {
            rules.RemoveAt(rules.Count - 1);
        }
    }

    /// <summary>The rules of folders above <paramref name="root"/> inside the same repository, outermost first, made relative to the root.</summary>
    private static IEnumerable<GitIgnore> Above(string root)
    {
        var chain = new List<string>();
        for (var folder = Directory.GetParent(root); folder is not null; folder = folder.Parent)
        {
            chain.Add(folder.FullName);
            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
            {
                chain.Reverse();
                foreach (var above in chain)
                {
                    if (TryReadLines(Path.Combine(above, ".gitignore")) is { } lines)
                    {
                        yield return GitIgnore.ParseAbove(Path.GetRelativePath(above, root).Replace('\\', '/'), lines);
                    }
                }

                yield break;
            }
        }
    }

    private static bool Ignored(List<GitIgnore> rules, string path, bool isDirectory)
    {
        for (var i = rules.Count - 1; i >= 0; i--)
        {
            if (rules[i].Ignores(path, isDirectory) is { } decided)
            {
                return decided;
            }
        }

        return false;
    }

    private static string Join(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

    private static string[]? TryReadLines(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return File.ReadAllLines(file);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }
}
