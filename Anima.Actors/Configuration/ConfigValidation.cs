using Akka.Configuration;
using Anima.Client.Configuration;

namespace Anima.Actors.Configuration;

/// <summary>
/// Reads every setting Anima knows once at start-up, so a value of the wrong type fails here with
/// its name, not later in the middle of a turn.
/// </summary>
public static class ConfigValidation
{
    private static readonly (string Path, Kind Kind)[] Known =
    [
        ("anima.environment", Kind.Text),
        ("anima.brain.hostname", Kind.Host),
        ("anima.brain.port", Kind.Port),
        ("anima.db.stream-index.every", Kind.Positive),
        ("anima.db.stream-index.when-idle-for", Kind.PositiveDuration),
        ("anima.sessions.snapshot-every", Kind.Positive),
        ("anima.sessions.passivate-after", Kind.PositiveDuration),
        ("anima.sessions.trim-memory-after", Kind.Whole),
        ("anima.sessions.tail-events", Kind.Positive),
        ("anima.clients.history-chunk-events", Kind.Positive),
        ("anima.clients.history-chunk-bytes", Kind.Positive),
        ("anima.clients.silence-limit", Kind.PositiveDuration),
        ("anima.agent.model", Kind.Text),
        ("anima.agent.max-tokens", Kind.Positive),
        ("anima.agent.context-budget", Kind.Positive),
        ("anima.agent.context-low-water", Kind.Percent),
        ("anima.agent.thinking-budget", Kind.Whole),
        ("anima.agent.max-tool-rounds", Kind.Positive),
        ("anima.agent.retry-attempts", Kind.Whole),
        ("anima.agent.retry-min-backoff", Kind.PositiveDuration),
        ("anima.agent.retry-max-backoff", Kind.PositiveDuration),
        ("anima.agent.request-timeout", Kind.PositiveDuration),
        ("anima.agent.max-resumes", Kind.Positive),
        ("anima.agent.max-repeated-failures", Kind.Whole),
        ("anima.agent.anthropic-base-url", Kind.Text),
        ("anima.memory.summary-model", Kind.Text),
        ("anima.memory.summary-batch", Kind.Positive),
        ("anima.memory.digest-after", Kind.Positive),
        ("anima.memory.recall-count", Kind.Whole),
        ("anima.memory.recall-budget", Kind.Whole),
        ("anima.memory.summary-share", Kind.Percent),
        ("anima.tools.bash-timeout", Kind.PositiveDuration),
        ("anima.tools.web-get-timeout", Kind.PositiveDuration),
        ("anima.tools.max-result-size", Kind.ResultSize),
        ("anima.tools.bash-max-output", Kind.ResultSize),
        ("anima.tools.files.max-file-size", Kind.Size),
        ("anima.tools.files.max-lines", Kind.Positive),
        ("anima.tools.files.max-results", Kind.Positive),
        ("anima.mcp.start-timeout", Kind.PositiveDuration),
        ("anima.mcp.call-timeout", Kind.PositiveDuration),
    ];

    private enum Kind
    {
        Text,
        Whole,
        Positive,
        Port,
        Host,
        PositiveDuration,
        ResultSize,
        Percent,
        Size,
    }

    public static void Validate(Config config, string source)
    {
        foreach (var (path, kind) in Known)
        {
            if (!config.HasPath(path))
            {
                continue;
            }

            var raw = SafeRaw(config, path);
            try
            {
                var ok = kind switch
                {
                    Kind.Text => !string.IsNullOrWhiteSpace(config.GetString(path)),
                    Kind.Whole => config.GetInt(path) >= 0,
                    Kind.Positive => config.GetInt(path) > 0,
                    Kind.Port => config.GetInt(path) is >= 0 and <= 65535,
                    Kind.Host => Uri.CheckHostName(config.GetString(path)) != UriHostNameType.Unknown,
                    Kind.PositiveDuration => config.GetTimeSpan(path) > TimeSpan.Zero,
                    Kind.ResultSize => config.GetByteSize(path) is >= 4096 and <= 2_000_000,
                    Kind.Percent => config.GetInt(path) is > 0 and <= 100,
                    Kind.Size => config.GetByteSize(path) > 0,
                    _ => true,
                };
                if (!ok)
                {
                    throw new FormatException();
                }
            }
            catch (Exception ex) when (ex is not AnimaConfigException)
            {
                throw new AnimaConfigException(
                    $"{source}: {path} = {raw} is not {Describe(kind)}. Fix it, or delete the line to use the default.", ex);
            }
        }

        if (config.HasPath("anima.agent.retry-min-backoff") && config.HasPath("anima.agent.retry-max-backoff")
            && config.GetTimeSpan("anima.agent.retry-min-backoff") > config.GetTimeSpan("anima.agent.retry-max-backoff"))
        {
            throw new AnimaConfigException(
                $"{source}: anima.agent.retry-min-backoff ({SafeRaw(config, "anima.agent.retry-min-backoff")}) is longer than anima.agent.retry-max-backoff ({SafeRaw(config, "anima.agent.retry-max-backoff")}). Fix one of them.");
        }

        try
        {
            Tools.PermissionSettings.From(config);
        }
        catch (Exception ex) when (ex is ArgumentException or Akka.Configuration.ConfigurationException)
        {
            throw new AnimaConfigException($"{source}: {ex.Message} Fix it, or delete the line to use the default.", ex);
        }
    }

    /// <summary>
    /// A room's own section, read by the room's parser (the mind's hormones, the journal's durability): a mistake names
    /// <paramref name="source"/> and the key, like every other setting.
    /// </summary>
    public static T Room<T>(Config config, string source, Func<Config, T> parse)
    {
        try
        {
            return parse(config);
        }
        catch (AnimaConfigException ex)
        {
            throw new AnimaConfigException($"{source}: {ex.Message} Fix it, or delete the line to use the default.", ex);
        }
    }

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Text => "a non-empty string",
        Kind.Whole => "a whole number ≥ 0",
        Kind.Positive => "a whole number > 0",
        Kind.Port => "a TCP port (0-65535)",
        Kind.Host => "a host name or an IP address such as 127.0.0.1",
        Kind.PositiveDuration => "a duration above zero such as 30s or 5m",
        Kind.ResultSize => "a size from 4KiB to 2MB such as 256KiB (half a message to a client at most)",
        Kind.Percent => "a percentage from 1 to 100",
        Kind.Size => "a size above zero such as 10MiB",
        _ => "valid",
    };

    private static string SafeRaw(Config config, string path)
    {
        try
        {
            return config.GetValue(path)?.ToString() ?? "(empty)";
        }
        catch (Exception)
        {
            return "(unreadable)";
        }
    }
}
