namespace Anima.Client.Configuration;

/// <summary>
/// Checks on anima.conf as text, before HOCON reads it: Akka's parser accepts a block that is never closed (and
/// applies what it holds), which hides a typo until a setting silently does something else.
/// </summary>
public static class ConfigText
{
    /// <summary>Throws an <see cref="AnimaConfigException"/> naming the line of the first bracket that is not closed or closes nothing.</summary>
    public static void CheckBrackets(string text, string source)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '"' when string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0:
                    var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    var stop = end < 0 ? text.Length : end + 3;
                    line += text.AsSpan(i, stop - i).Count('\n');
                    i = stop - 1;
                    break;
                case '"':
                    for (i++; i < text.Length && text[i] != '"' && text[i] != '\n'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    if (i < text.Length && text[i] == '\n')
                    {
                        line++;
                    }

                    break;
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    var expected = c == '}' ? '{' : '[';
                    if (open.Count == 0 || open.Peek().Bracket != expected)
                    {
                        throw new AnimaConfigException(
                            $"{source}, line {line}: '{c}' closes nothing{(open.Count > 0 ? $" (the '{open.Peek().Bracket}' of line {open.Peek().Line} is still open)" : string.Empty)}. Fix the brackets, or move the file away to start from the defaults.");
                    }

                    open.Pop();
                    break;
            }
        }

        if (open.Count > 0)
        {
            var (bracket, at) = open.Peek();
            throw new AnimaConfigException(
                $"{source}, line {at}: '{bracket}' is never closed. Add the '{(bracket == '{' ? '}' : ']')}' where the block ends, or move the file away to start from the defaults.");
        }
    }
}
