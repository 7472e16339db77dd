using Akka.Configuration;
using Anima.Actors.Runtime;
using Anima.Client.Configuration;
using Anima.Messages.Serialization;

namespace Anima.Actors.Configuration;

/// <summary>
/// Layers the configuration: embedded hocon/ defaults, then the user's anima.conf, then environment
/// variables, then command-line flags.
/// </summary>
public static class AnimaConfig
{
    static AnimaConfig() => ClientConfig.QuietTransport();

    public static Config BrainDefaults { get; } = EmbeddedConfig.Read("anima.hocon").WithFallback(EmbeddedConfig.Read("mind.hocon"));

    /// <summary>The user's anima.conf over the embedded defaults.</summary>
    public static Config LoadUser(AnimaHome home)
    {
        if (UserConfigFile.Read(home) is not { } user)
        {
            return BrainDefaults;
        }

        var merged = user.WithFallback(BrainDefaults);
        ConfigValidation.Validate(merged, home.ConfigFile);
        return merged;
    }

    /// <summary>What the brain should say about anima.conf without refusing it: settings it does not know (typos).</summary>
    public static IReadOnlyList<string> UserWarnings(AnimaHome home) =>
        UserConfigFile.Read(home) is { } user ? UnknownSettings.In(user, home.ConfigFile) : [];

    /// <summary>Everything the brain's actor system runs on.</summary>
    public static BrainSettings ForBrain(AnimaHome home, string? environmentName = null, int? port = null, Config? overrides = null)
    {
        var user = LoadUser(home);
        if (overrides is not null)
        {
            user = overrides.WithFallback(user);
        }

        var environment = AnimaEnvironment.Parse(environmentName ?? user.GetString("anima.environment", "production"));
        var resolvedPort = port ?? ClientConfig.PortFromEnvironmentVariable() ?? NonZero(user.GetInt("anima.brain.port", 0)) ?? environment.DefaultPort;
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

    private static int? NonZero(int value) => value == 0 ? null : value;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
