using Akka.Actor;
using Anima.Actors.Providers;
using Anima.Actors.Tools;

namespace Anima.Actors.Agent;

/// <summary>What every session's agent shares: settings, the provider, the web client, and the mind.</summary>
public sealed record AgentServices(AgentSettings Settings, ProviderSource Providers, WebGet Web, IActorRef? Mind = null, ShellLedger? Shells = null);
