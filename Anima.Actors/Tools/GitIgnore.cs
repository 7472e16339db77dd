namespace Anima.Actors.Tools;

/// <summary>
/// The rules of one <c>.gitignore</c>, for the folder it lies in: comments and blank lines skipped, <c>!</c>
/// re-includes, a trailing <c>/</c> matches folders only, a pattern with a <c>/</c> is anchored to the file's
/// folder. The last rule that matches decides, as in git.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<Rule> _rules;
    private readonly Func<string, string> _local;

    private GitIgnore(Func<string, string> local, List<Rule> rules)
    {
        _local = local;
        _rules = rules;
    }

    /// <summary>The rules of the file in <paramref name="folder"/>, a folder of the walk ("" for its root).</summary>
    public static GitIgnore Parse(string folder, IEnumerable<string> lines) =>
        new(folder.Length == 0 ? path => path : path => path[(folder.Length + 1)..], Rules(lines));

    /// <summary>The rules of a file in a folder above the walk's root; <paramref name="rootFromThere"/> is the root relative to it.</summary>
    public static GitIgnore ParseAbove(string rootFromThere, IEnumerable<string> lines) =>
        new(path => rootFromThere + "/" + path, Rules(lines));

    private static List<Rule> Rules(IEnumerable<string> lines)
    {
        var rules = new List<Rule>();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r').TrimEnd(' ');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var negated = line.StartsWith('!');
            if (negated)
            {
                line = line[1..];
            }

            var directoryOnly = line.EndsWith('/');
            if (GlobPattern.Parse(line.TrimEnd('/')) is { } pattern && line.Trim('/').Length > 0)
            {
                rules.Add(new Rule(pattern, negated, directoryOnly));
            }
        }

        return rules;
    }

    /// <summary>True or false when a rule here decides about <paramref name="relativePath"/> (from the walk's root); null when none speaks.</summary>
    public bool? Ignores(string relativePath, bool isDirectory)
    {
        var local = _local(relativePath);
        for (var i = _rules.Count - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if ((!rule.DirectoryOnly || isDirectory) && rule.Pattern.Matches(local))
            {
                return !rule.Negated;
            }
        }

        return null;
    }

    private sealed record Rule(GlobPattern Pattern, bool Negated, bool DirectoryOnly);
}
