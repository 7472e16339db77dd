using Akka.Configuration;

namespace Anima.Actors.Tools;

/// <summary>How much the file tools read and return; from <c>anima.tools.files</c>.</summary>
/// <param name="MaxFileBytes">read_file and edit_file refuse a bigger file; grep skips it.</param>
/// <param name="MaxLines">The lines read_file returns when not told how many.</param>
/// <param name="MaxResults">The paths glob lists and the lines grep returns at most.</param>
public sealed record FileToolLimits(long MaxFileBytes = 10 * 1024 * 1024, int MaxLines = 2000, int MaxResults = 200)
{
    public static readonly FileToolLimits Default = new();

    /// <summary>The text a tool hands back at most, well inside <see cref="ToolResultCap.DefaultMaxBytes"/> so nothing is cut twice.</summary>
    public const int MaxOutputChars = 100_000;

    /// <summary>A line longer than this is shown cut, with the count of what was left out.</summary>
    public const int MaxLineChars = 2000;

    public static FileToolLimits From(Config config) => new(
        config.GetByteSize("anima.tools.files.max-file-size") ?? Default.MaxFileBytes,
        config.GetInt("anima.tools.files.max-lines", Default.MaxLines),
        config.GetInt("anima.tools.files.max-results", Default.MaxResults));
}
