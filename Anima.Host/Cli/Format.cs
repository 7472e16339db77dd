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
}
