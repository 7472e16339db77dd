using System.Reflection;

namespace Anima.Client;

/// <summary>This build's version, as the brain states it and a client presents it in its Hello (one version for every project).</summary>
public static class AnimaVersion
{
    public static string Current { get; } =
        typeof(AnimaVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(AnimaVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
