using System.Reflection;

namespace Anima.Actors.Gateway;

/// <summary>What the brain says about itself to clients.</summary>
public sealed record BrainInfo(string Version, DateTimeOffset StartedAt, string Environment)
{
    public static string CurrentVersion { get; } =
        typeof(BrainInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(BrainInfo).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
