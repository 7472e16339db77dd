namespace Anima.Host.Cli;

/// <summary>How the command line writes times.</summary>
public static class Format
{
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{(int)span.TotalSeconds}s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes}m {span.Seconds}s",
        { TotalHours: < 24 } => $"{(int)span.TotalHours}h {span.Minutes}m",
        _ => $"{(int)span.TotalDays}d {span.Hours}h",
    };

    public static string Local(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm");

    /// <summary>A session's directory, the home directory written as <c>~</c>; a dash for a session without one.</summary>
    public static string Directory(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "-";
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile).TrimEnd('/');
        return home.Length > 0 && (path == home || path.StartsWith(home + "/", StringComparison.Ordinal)) ? "~" + path[home.Length..] : path;
    }
}
