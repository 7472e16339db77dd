using Akka.Configuration;
using Anima.Client.Configuration;

namespace Anima.Actors.Configuration;

/// <summary>The resolved settings a brain starts with.</summary>
public sealed record BrainSettings(
    AnimaHome Home,
    AnimaEnvironment Environment,
    string Hostname,
    int Port,
    string DatabaseFile,
    Config Config);
