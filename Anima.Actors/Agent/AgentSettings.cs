using Anima.Client;
using Akka.Configuration;

namespace Anima.Actors.Agent;

/// <summary>How the agent runs a turn; read from <c>anima.agent</c> and <c>anima.tools</c>.</summary>
public sealed record AgentSettings(
    string Model,
    int MaxTokens,
    int ContextBudget,
    int ThinkingBudget,
    int MaxToolRounds,
    int RetryAttempts,
    TimeSpan RetryMinBackoff,
    TimeSpan RetryMaxBackoff,
    TimeSpan RequestTimeout,
    string BaseUrl,
    TimeSpan BashTimeout,
    TimeSpan WebGetTimeout,
    string WorkingDirectory,
    int MaxResumes = 3,
    int MaxToolResultBytes = Tools.ToolResultCap.DefaultMaxBytes,
    int ContextLowWaterPercent = 60,

    Tools.FileToolLimits? FileTools = null,
    int MaxRepeatedFailures = 10,
    Tools.PermissionSettings? Permissions = null,
    int BashMaxOutputBytes = Tools.ShellSession.DefaultMaxOutputBytes)
{
    /// <summary>How a failed provider call is retried: the agent's turns and Mneme's summaries follow the same rule.</summary>
    public BackoffPolicy Retry => new(RetryMinBackoff, RetryMaxBackoff, RetryAttempts);

    public static AgentSettings From(Config config) => new(
        config.GetString("anima.agent.model", "claude-sonnet-4-5"),
        config.GetInt("anima.agent.max-tokens", 16000),
        config.GetInt("anima.agent.context-budget", 100_000),
        config.GetInt("anima.agent.thinking-budget", 4096),
        config.GetInt("anima.agent.max-tool-rounds", 25),
        config.GetInt("anima.agent.retry-attempts", 5),
        config.GetTimeSpan("anima.agent.retry-min-backoff", TimeSpan.FromSeconds(1)),
        config.GetTimeSpan("anima.agent.retry-max-backoff", TimeSpan.FromSeconds(30)),
        config.GetTimeSpan("anima.agent.request-timeout", TimeSpan.FromSeconds(120)),
        Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL") is { Length: > 0 } url
            ? url
            : config.GetString("anima.agent.anthropic-base-url", "https://api.anthropic.com"),
        config.GetTimeSpan("anima.tools.bash-timeout", TimeSpan.FromSeconds(30)),
        config.GetTimeSpan("anima.tools.web-get-timeout", TimeSpan.FromSeconds(20)),
        ExpandHome(config.GetString("anima.tools.working-directory", string.Empty)),
        config.GetInt("anima.agent.max-resumes", 3),
        (int)Math.Min(int.MaxValue, config.GetByteSize("anima.tools.max-result-size") ?? Tools.ToolResultCap.DefaultMaxBytes),
        config.GetInt("anima.agent.context-low-water", 60),
        Tools.FileToolLimits.From(config),
        config.GetInt("anima.agent.max-repeated-failures", 10),
        Tools.PermissionSettings.From(config),
        (int)Math.Min(int.MaxValue, config.GetByteSize("anima.tools.bash-max-output") ?? Tools.ShellSession.DefaultMaxOutputBytes));

    /// <summary>Where a batch eviction takes the window down to.</summary>
    public int ContextLowWater => (int)Math.Max(1, (long)ContextBudget * ContextLowWaterPercent / 100);

    private static string ExpandHome(string path)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return path switch
        {
            "" or "~" => home,
            _ when path.StartsWith("~/", StringComparison.Ordinal) => Path.Combine(home, path[2..]),
            _ => path,
        };
    }
}
