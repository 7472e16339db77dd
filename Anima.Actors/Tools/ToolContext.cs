using Akka.Actor;

namespace Anima.Actors.Tools;

/// <summary>
/// Where a tool call runs: its session, the model's id for the call, the session's shell (a <see cref="ShellActor"/>),
/// the session's directory, against which file tools resolve relative paths, and the last event journaled before the
/// call.
/// </summary>
public sealed record ToolContext(string SessionId, string CallId, IActorRef Shell, string WorkingDirectory, long LastSeq = 0);
