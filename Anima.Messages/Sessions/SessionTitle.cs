namespace Anima.Messages.Sessions;

/// <summary>How a session is named, the same for the brain's session list and for clients that read its events.</summary>
public static class SessionTitle
{
    /// <summary>A session is named by its explicit title, else by the first line of its first user message.</summary>
    public static string? From(ISessionEvent evt) => evt switch
    {
        SessionStarted { Title: { Length: > 0 } title } => title,
        UserMessage user => Shorten(user.Text),
        _ => null,
    };

    private static string Shorten(string text)
    {
        var line = text.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length <= 60 ? line.ToString() : string.Concat(line[..59].TrimEnd(), "…");
    }
}
