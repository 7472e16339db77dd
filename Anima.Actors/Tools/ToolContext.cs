using Akka.Actor;

namespace Anima.Actors.Tools;

/// <summary>Where a tool call runs: its session, the model's id for the call, and the session's shell (a <see cref="ShellActor"/>).</summary>
public sealed record ToolContext(string SessionId, string CallId, IActorRef Shell);
