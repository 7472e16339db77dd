using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// A bash command read as a prefix rule must read it: the words of one simple command, or nothing. Anything that
/// could run a second command or change what runs — <c>; &amp; | &lt; &gt; ( ) ` $</c>, a newline, a backslash, an
/// unfinished quote — makes it not simple, so <c>git status; rm -rf ~</c> never passes for <c>git status</c>.
/// </summary>
/// <remarks>
/// Deliberately stricter than bash: <c>git log --format="%h $x"</c> is refused too (a <c>$</c> inside double quotes
/// may be a command substitution). A refused command is not forbidden; it is asked about.
/// </remarks>
public static class SimpleCommand
{
    /// <summary>The words, unquoted, of <paramref name="command"/> if it is one simple command; null otherwise.</summary>
    public static IReadOnlyList<string>? Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        foreach (var c in command)
        {
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (quote == '"')
            {
                switch (c)
                {
                    case '"':
                        quote = '\0';
                        break;
                    case '$' or '`' or '\\' or '!':
                        return null;
                    default:
                        word.Append(c);
                        break;
                }

                continue;
            }

            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case ';' or '&' or '|' or '<' or '>' or '(' or ')' or '`' or '$' or '\\' or '\n' or '\r' or '{' or '}' or '!' or '#':
                    return null;
                default:
                    if (char.IsControl(c))
                    {
                        return null;
                    }

                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (quote != '\0')
        {
            return null;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words.Count > 0 ? words : null;
    }
}
