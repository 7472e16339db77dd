using System.Text;
using System.Text.RegularExpressions;

namespace Anima.Actors.Tools;

/// <summary>
/// A glob as git and shells read it, matched against paths relative to a folder, with <c>/</c> between names:
/// <c>*</c> and <c>?</c> stay within a name, <c>**</c> crosses folders, <c>[a-z]</c> is a class. A pattern
/// without a <c>/</c> matches a name at any depth (<c>*.cs</c> finds every C# file).
/// </summary>
public sealed class GlobPattern
{
    private readonly Regex _regex;

    private GlobPattern(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>The pattern, or null when it cannot be one (an unclosed class, say).</summary>
    public static GlobPattern? Parse(string pattern)
    {
        var anchored = pattern.TrimEnd('/').Contains('/');
        var body = pattern.TrimStart('/');
        try
        {
            var regex = new Regex(
                (anchored ? "^" : "^(?:.*/)?") + Translate(body) + "$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline,
                TimeSpan.FromSeconds(1));
            return new GlobPattern(pattern, regex);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="relativePath"/> (names joined by <c>/</c>) matches.</summary>
    public bool Matches(string relativePath) => _regex.IsMatch(relativePath);

    private static string Translate(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var atStart = i == 0 || glob[i - 1] == '/';
                    var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    if (atStart && slashAfter)
                    {
                        regex.Append("(?:.*/)?"); // "**/": any folders, none included
                        i += 2;
                    }
                    else
                    {
                        regex.Append(".*");
                        i += 1;
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }

                    var inside = glob[(i + 1)..close];
                    regex.Append('[').Append(inside.StartsWith('!') ? "^" + inside[1..] : inside.Replace(@"\", @"\\")).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    regex.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.ToString();
    }
}
