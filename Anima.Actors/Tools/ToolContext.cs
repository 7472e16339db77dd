using Akka.Actor;

namespace Anima.Actors.Tools;

/// <summary>
/// Where a tool call runs: its session, the model's id for the call, the session's shell (a <see cref="ShellActor"/>),
/// and the last event journaled before the call.
/// </summary>
public sealed record ToolContext(string SessionId, string CallId, IActorRef Shell, long LastSeq = 0);
