using System.Text.Json.Serialization;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;

namespace Anima.Messages.Serialization;

/// <summary>
/// Compile-time JSON metadata for every type <see cref="AnimaSerializer"/> writes: nothing is built by
/// reflection when a process first sees a type (it cost ≈ 40 ms of a fresh brain's first attach, and the
/// same again in the first screen of a new TUI).
/// </summary>
[JsonSerializable(typeof(SessionStarted))]
[JsonSerializable(typeof(UserMessage))]
[JsonSerializable(typeof(AgentMessage))]
[JsonSerializable(typeof(ToolCall))]
[JsonSerializable(typeof(ToolResponse))]
[JsonSerializable(typeof(SystemMessage))]
[JsonSerializable(typeof(Journaled))]
[JsonSerializable(typeof(SessionSnapshot))]
[JsonSerializable(typeof(TurnStarted))]
[JsonSerializable(typeof(TextDelta))]
[JsonSerializable(typeof(ThinkingDelta))]
[JsonSerializable(typeof(RetryNotice))]
[JsonSerializable(typeof(TurnEnded))]
[JsonSerializable(typeof(ContextWindow))]
[JsonSerializable(typeof(SystemNotice))]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(Welcome))]
[JsonSerializable(typeof(Refused))]
[JsonSerializable(typeof(Ping))]
[JsonSerializable(typeof(Pong))]
[JsonSerializable(typeof(GetStatus))]
[JsonSerializable(typeof(BrainStatus))]
[JsonSerializable(typeof(ListSessions))]
[JsonSerializable(typeof(SessionList))]
[JsonSerializable(typeof(CreateSession))]
[JsonSerializable(typeof(SessionCreated))]
[JsonSerializable(typeof(Attach))]
[JsonSerializable(typeof(HistoryChunk))]
[JsonSerializable(typeof(JournaledPart))]
[JsonSerializable(typeof(Detach))]
[JsonSerializable(typeof(PostUserMessage))]
[JsonSerializable(typeof(UserMessageAccepted))]
[JsonSerializable(typeof(Interrupt))]
[JsonSerializable(typeof(RequestFailed))]
[JsonSerializable(typeof(GetMind))]
[JsonSerializable(typeof(MindReport))]
[JsonSerializable(typeof(MindChanged))]
[JsonSerializable(typeof(HormoneChanged))]
[JsonSerializable(typeof(MindSnapshot))]
[JsonSerializable(typeof(FindSession))]
[JsonSerializable(typeof(SessionFound))]
[JsonSerializable(typeof(TurnInFlight))]
[JsonSerializable(typeof(StimulusAppraised))]
[JsonSerializable(typeof(FeelingRecalled))]
[JsonSerializable(typeof(GainsAdjusted))]
[JsonSerializable(typeof(GainsRolledBack))]
[JsonSerializable(typeof(PsycheMatrix))]
[JsonSerializable(typeof(GetPsycheMatrix))]
[JsonSerializable(typeof(GetMcpServers))]
[JsonSerializable(typeof(McpServerList))]
[JsonSerializable(typeof(GetPsyche))]
[JsonSerializable(typeof(GetPsycheHistory))]
[JsonSerializable(typeof(RollbackPsyche))]
[JsonSerializable(typeof(PsycheReport))]
[JsonSerializable(typeof(PsycheHistory))]
[JsonSerializable(typeof(MemoryRecalled))]
[JsonSerializable(typeof(GetUsage))]
[JsonSerializable(typeof(UsageReport))]
internal sealed partial class AnimaJsonContext : JsonSerializerContext;
