using Anima.Client;

namespace Anima.Actors.Gateway;

/// <summary>What the brain says about itself to clients.</summary>
public sealed record BrainInfo(string Version, DateTimeOffset StartedAt, string Environment)
{
    public static string CurrentVersion => AnimaVersion.Current;
}
