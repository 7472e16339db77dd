using Akka.Configuration;
using Anima.Messages.Serialization;
using DotNetty.Common;

namespace Anima.Client.Configuration;

/// <summary>
/// What a client (TUI, CLI) reads of the configuration: its actor system's defaults, and where the brain listens
/// (anima.conf's <c>anima.environment</c>, <c>anima.brain.hostname</c> and <c>anima.brain.port</c>, or
/// <c>ANIMA_PORT</c>). The rest of anima.conf is the brain's to read and to judge.
/// </summary>
public static class ClientConfig
{
    static ClientConfig() => QuietTransport();

    /// <summary>
    /// Akka.Remote's largest frame (and socket buffers) on both ends of the wire: an event of the largest tool result
    /// (anima.tools.max-result-size) must fit a message to a client. client.hocon spells the same number.
    /// </summary>
    public const int MaxFrameBytes = 4_000_000;

    public static Config Defaults { get; } = Embedded("client.hocon");

    /// <summary>A client actor system: remoting on a free port, our serializer.</summary>
    public static Config ForClient() => Defaults.WithFallback(AnimaSerializerConfig.Hocon);

    /// <summary>The port a client should dial when no --host is given.</summary>
    public static int DefaultPort(AnimaHome home)
    {
        var user = UserConfigFile.Read(home);
        var environment = AnimaEnvironment.Parse(Setting(user, home, "anima.environment", "a non-empty string", c => c.GetString("anima.environment"), v => !string.IsNullOrWhiteSpace(v)) ?? "production");
        var configured = Setting(user, home, "anima.brain.port", "a TCP port (0-65535)", c => (int?)c.GetInt("anima.brain.port"), p => p is >= 0 and <= 65535) ?? 0;
        return PortFromEnvironmentVariable() ?? (configured == 0 ? environment.DefaultPort : configured);
    }

    /// <summary>The host a client should dial when no --host is given: where the brain is configured to listen.</summary>
    public static string DefaultHost(AnimaHome home)
    {
        var hostname = Setting(
            UserConfigFile.Read(home), home, "anima.brain.hostname", "a host name or an IP address such as 127.0.0.1",
            c => c.GetString("anima.brain.hostname"), h => Uri.CheckHostName(h) != UriHostNameType.Unknown) ?? "127.0.0.1";
        return hostname is "0.0.0.0" or "::" or "" ? "127.0.0.1" : hostname;
    }

    /// <summary><c>ANIMA_PORT</c>, when set: it wins over anima.conf for the brain and its clients alike.</summary>
    public static int? PortFromEnvironmentVariable()
    {
        var raw = Environment.GetEnvironmentVariable("ANIMA_PORT");
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return int.TryParse(raw, out var port) && port is > 0 and < 65536
            ? port
            : throw new AnimaConfigException($"ANIMA_PORT='{raw}' is not a TCP port (1-65535).");
    }

    /// <summary>
    /// DotNetty (Akka.Remote's transport) tracks one pooled buffer in 128 for leaks by default, and tracking one
    /// captures <see cref="Environment.StackTrace"/> with file and line numbers: the first read every assembly's
    /// debug symbols (tens of milliseconds of a fresh brain's first attach), each later one cost a fraction of
    /// a millisecond on the write path. Our buffers are Akka's to release; nobody reads those reports. Every
    /// process that remotes (brain, TUI, CLI, tests) builds its configuration through here first.
    /// </summary>
    public static void QuietTransport() => ResourceLeakDetector.Level = ResourceLeakDetector.DetectionLevel.Disabled;

    /// <summary>One setting of the user's file, or null when it is not set; a value of the wrong kind is refused with its name, as the brain refuses it.</summary>
    private static T? Setting<T>(Config? user, AnimaHome home, string path, string kind, Func<Config, T?> read, Func<T, bool> valid)
    {
        if (user is null || !user.HasPath(path))
        {
            return default;
        }

        try
        {
            if (read(user) is { } value && valid(value))
            {
                return value;
            }
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            throw Refused(user, home, path, kind, ex);
        }

        throw Refused(user, home, path, kind, null);
    }

    private static AnimaConfigException Refused(Config user, AnimaHome home, string path, string kind, Exception? inner)
    {
        string raw;
        try
        {
            raw = user.GetValue(path)?.ToString() ?? "(empty)";
        }
        catch (Exception)
        {
            raw = "(unreadable)";
        }

        return new AnimaConfigException($"{home.ConfigFile}: {path} = {raw} is not {kind}. Fix it, or delete the line to use the default.", inner);
    }

    private static Config Embedded(string name)
    {
        var assembly = typeof(ClientConfig).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
