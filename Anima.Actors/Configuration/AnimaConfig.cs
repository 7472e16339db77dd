using Akka.Configuration;
using Akka.Configuration.Hocon;
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
        if (ReadUser(home) is not { } user)
        {
            return BrainDefaults;
        }

        var merged = user.WithFallback(BrainDefaults);
        ConfigValidation.Validate(merged, home.ConfigFile);
        return merged;
    }

    /// <summary>What the brain should say about anima.conf without refusing it: settings it does not know (typos).</summary>
    public static IReadOnlyList<string> UserWarnings(AnimaHome home) =>
        ReadUser(home) is { } user ? UnknownSettings.In(user, home.ConfigFile) : [];

    /// <summary>The user's file alone (no defaults), or null when there is none; anything unreadable is an <see cref="AnimaConfigException"/>.</summary>
    private static Config? ReadUser(AnimaHome home)
    {
        if (Directory.Exists(home.ConfigFile))
        {
            throw new AnimaConfigException(
                $"{home.ConfigFile} is a folder, not a file, so none of your settings would apply. Move it away; 'anima install' writes a commented anima.conf.");
        }

        if (!File.Exists(home.ConfigFile))
        {
            return null;
        }

        try
        {
            return Parse(File.ReadAllText(home.ConfigFile), home.ConfigFile, depth: 0);
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            throw new AnimaConfigException(
                $"{home.ConfigFile} could not be read: {ex.Message}\nFix the file, or move it away to start from the defaults.", ex);
        }
    }

    /// <summary>
    /// HOCON with its <c>include</c>s read relative to the including file (Akka's parser, given no way to read
    /// them, failed with "Object reference not set to an instance of an object").
    /// </summary>
    private static Config Parse(string text, string source, int depth)
    {
        ConfigText.CheckBrackets(text, source);
        try
        {
            return ConfigurationFactory.ParseString(text, include => new HoconRoot(Include(include, source, depth).Root));
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            // Akka's parser explains at length; its first line says what.
            throw new AnimaConfigException($"{source} is not valid HOCON: {ex.Message.Split('\n')[0].Trim()} Fix the file, or move it away to start from the defaults.", ex);
        }
    }

    private static Config Include(string include, string from, int depth)
    {
        var path = Path.GetFullPath(include.Trim().Trim('"'), Path.GetDirectoryName(from)!);
        if (depth >= 8)
        {
            throw new AnimaConfigException($"{from}: include \"{include}\" nests more than 8 files deep (does it include itself?).");
        }

        if (!File.Exists(path))
        {
            throw new AnimaConfigException($"{from}: include \"{include}\": there is no file {path}. Fix the path, or remove the line.");
        }

        try
        {
            return Parse(File.ReadAllText(path), path, depth + 1);
        }
        catch (AnimaConfigException ex)
        {
            throw new AnimaConfigException($"{from}: include \"{include}\": {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnimaConfigException($"{from}: include \"{include}\": {path} cannot be read ({ex.Message}).", ex);
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
            anima.db.file = {{Quote(database)}}
            """);

        var config = runtime.WithFallback(user);

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
