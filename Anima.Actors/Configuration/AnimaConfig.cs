using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Anima.Messages.Serialization;
using DotNetty.Common;

namespace Anima.Actors.Configuration;

/// <summary>
/// Layers the configuration: embedded hocon/ defaults, then the user's anima.conf, then environment
/// variables, then command-line flags.
/// </summary>
public static class AnimaConfig
{
    static AnimaConfig() => QuietTransport();

    public static Config BrainDefaults { get; } = Embedded("anima.hocon").WithFallback(Embedded("mind.hocon"));

    public static Config ClientDefaults { get; } = Embedded("client.hocon");

    /// <summary>The user's anima.conf over the embedded defaults.</summary>
    public static Config LoadUser(AnimaHome home)
    {
        if (!File.Exists(home.ConfigFile))
        {
            return BrainDefaults;
        }

        try
        {
            var user = ConfigurationFactory.ParseString(File.ReadAllText(home.ConfigFile)).WithFallback(BrainDefaults);
            ConfigValidation.Validate(user, home.ConfigFile);
            return user;
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            throw new AnimaConfigException(
                $"{home.ConfigFile} is not valid HOCON: {ex.Message}\nFix the file, or move it away to start from the defaults.", ex);
        }
    }

    /// <summary>Everything the brain's actor system runs on.</summary>
    public static BrainSettings ForBrain(AnimaHome home, string? environmentName = null, int? port = null, Config? overrides = null)
    {
        var user = LoadUser(home);
        if (overrides is not null)
        {
            user = overrides.WithFallback(user);
        }

        var environment = AnimaEnvironment.Parse(environmentName ?? user.GetString("anima.environment", "production"));
        var resolvedPort = port ?? PortFromEnvironmentVariable() ?? NonZero(user.GetInt("anima.brain.port", 0)) ?? environment.DefaultPort;
        var hostname = user.GetString("anima.brain.hostname", "127.0.0.1");
        var database = home.DatabaseFile(environment);

        var runtime = ConfigurationFactory.ParseString($$"""
            anima.environment = {{Quote(environment.Name)}}
            anima.brain.port = {{resolvedPort}}
            akka.remote.dot-netty.tcp.hostname = {{Quote(hostname)}}
            akka.remote.dot-netty.tcp.port = {{resolvedPort}}
            anima.db.file = {{Quote(database)}}
            """);

        var config = runtime
            .WithFallback(user)
            .WithFallback(AnimaSerializerConfig.Hocon)
            .WithFallback(DistributedPubSub.DefaultConfig());

        return new BrainSettings(home, environment, hostname, resolvedPort, database, config);
    }

    /// <summary>A client actor system (TUI, CLI): remoting on a free port, our serializer.</summary>
    public static Config ForClient() => ClientDefaults.WithFallback(AnimaSerializerConfig.Hocon);

    /// <summary>
    /// DotNetty (Akka.Remote's transport) tracks one pooled buffer in 128 for leaks by default, and tracking one
    /// captures <see cref="Environment.StackTrace"/> with file and line numbers: the first read every assembly's
    /// debug symbols (tens of milliseconds of a fresh brain's first attach), each later one cost a fraction of
    /// a millisecond on the write path. Our buffers are Akka's to release; nobody reads those reports. Every
    /// process that remotes (brain, TUI, CLI, tests) builds its configuration here first.
    /// </summary>
    private static void QuietTransport() => ResourceLeakDetector.Level = ResourceLeakDetector.DetectionLevel.Disabled;

    /// <summary>The port a client should dial when no --host is given.</summary>
    public static int DefaultClientPort(AnimaHome home)
    {
        var user = LoadUser(home);
        var environment = AnimaEnvironment.Parse(user.GetString("anima.environment", "production"));
        return PortFromEnvironmentVariable() ?? NonZero(user.GetInt("anima.brain.port", 0)) ?? environment.DefaultPort;
    }

    /// <summary>The host a client should dial when no --host is given: where the brain is configured to listen.</summary>
    public static string DefaultClientHost(AnimaHome home)
    {
        var hostname = LoadUser(home).GetString("anima.brain.hostname", "127.0.0.1");
        return hostname is "0.0.0.0" or "::" or "" ? "127.0.0.1" : hostname;
    }

    private static int? PortFromEnvironmentVariable()
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

    private static int? NonZero(int value) => value == 0 ? null : value;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    internal static Config Embedded(string name)
    {
        var assembly = typeof(AnimaConfig).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
