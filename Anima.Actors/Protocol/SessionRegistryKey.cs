namespace Anima.Actors.Protocol;

/// <summary>The session registry in the brain's actor registry: how the gateway and the mind find the sessions.</summary>
public sealed class SessionRegistryKey;
