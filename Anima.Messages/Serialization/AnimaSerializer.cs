using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Anima.Messages.Clients;
using Anima.Messages.Memory;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;

namespace Anima.Messages.Serialization;

/// <summary>
/// JSON serializer for the protocol and the journal. The identifier and manifests are part of the
/// on-disk format: never change or reuse one, only add new ones.
/// </summary>
public sealed class AnimaSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4242;

    private static readonly FrozenDictionary<Type, string> ManifestByType = new Dictionary<Type, string>
    {
        [typeof(SessionStarted)] = "session_started",
        [typeof(UserMessage)] = "user_message",
        [typeof(AgentMessage)] = "agent_message",
        [typeof(ToolCall)] = "tool_call",
        [typeof(ToolResponse)] = "tool_response",
        [typeof(SystemMessage)] = "system_message",
        [typeof(Journaled)] = "journaled",
        [typeof(SessionSnapshot)] = "session_snapshot",
        [typeof(TurnStarted)] = "turn_started",
        [typeof(TextDelta)] = "text_delta",
        [typeof(ThinkingDelta)] = "thinking_delta",
        [typeof(RetryNotice)] = "retry_notice",
        [typeof(TurnEnded)] = "turn_ended",
        [typeof(ContextWindow)] = "context_window",
        [typeof(SystemNotice)] = "system_notice",
        [typeof(Hello)] = "hello",
        [typeof(Welcome)] = "welcome",
        [typeof(Refused)] = "refused",
        [typeof(Ping)] = "ping",
        [typeof(Pong)] = "pong",
        [typeof(GetStatus)] = "get_status",
        [typeof(BrainStatus)] = "brain_status",
        [typeof(ListSessions)] = "list_sessions",
        [typeof(SessionList)] = "session_list",
        [typeof(CreateSession)] = "create_session",
        [typeof(SessionCreated)] = "session_created",
        [typeof(Attach)] = "attach",
        [typeof(HistoryChunk)] = "history_chunk",
        [typeof(JournaledPart)] = "journaled_part",
        [typeof(Detach)] = "detach",
        [typeof(PostUserMessage)] = "post_user_message",
        [typeof(UserMessageAccepted)] = "user_message_accepted",
        [typeof(Interrupt)] = "interrupt",
        [typeof(RequestFailed)] = "request_failed",
        [typeof(GetMind)] = "get_mind",
        [typeof(MindReport)] = "mind_report",
        [typeof(MindChanged)] = "mind_changed",
        [typeof(HormoneChanged)] = "hormone_changed",
        [typeof(MindSnapshot)] = "mind_snapshot",
        [typeof(FindSession)] = "find_session",
        [typeof(SessionFound)] = "session_found",
        [typeof(TurnInFlight)] = "turn_in_flight",
        [typeof(StimulusAppraised)] = "stimulus_appraised",
        [typeof(FeelingRecalled)] = "feeling_recalled",
        [typeof(GainsAdjusted)] = "gains_adjusted",
        [typeof(GainsRolledBack)] = "gains_rolled_back",
        [typeof(PsycheMatrix)] = "psyche_matrix",
        [typeof(GetPsycheMatrix)] = "get_psyche_matrix",
        [typeof(GetPsyche)] = "get_psyche",
        [typeof(GetPsycheHistory)] = "get_psyche_history",
        [typeof(RollbackPsyche)] = "rollback_psyche",
        [typeof(PsycheReport)] = "psyche_report",
        [typeof(PsycheHistory)] = "psyche_history",
        [typeof(MemoryRecalled)] = "memory_recalled",
        [typeof(GetUsage)] = "get_usage",
        [typeof(UsageReport)] = "usage_report",
        [typeof(GetMcpServers)] = "get_mcp_servers",
        [typeof(McpServerList)] = "mcp_server_list",
        [typeof(ApprovalRequested)] = "approval_requested",
        [typeof(ApprovalAnswered)] = "approval_answered",
        [typeof(PermissionModeChanged)] = "permission_mode_changed",
        [typeof(AnswerApproval)] = "answer_approval",
        [typeof(ApprovalRecorded)] = "approval_recorded",
        [typeof(SetPermissionMode)] = "set_permission_mode",
        [typeof(PermissionModeSet)] = "permission_mode_set",
        [typeof(MemorySummarised)] = "memory_summarised",
        [typeof(MemoryPinned)] = "memory_pinned",
        [typeof(MemoryForgotten)] = "memory_forgotten",
        [typeof(EventsEvicted)] = "events_evicted",
        [typeof(ForgetMemory)] = "forget_memory",
        [typeof(ForgetRecorded)] = "forget_recorded",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> TypeByManifest =
        ManifestByType.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>What only a brain sends: replies, live events and history. A brain never reads these.</summary>
    private static readonly FrozenSet<string> SentOnlyByABrain = ManifestByType
        .Where(kv => typeof(IClientReply).IsAssignableFrom(kv.Key) || typeof(ITransientEvent).IsAssignableFrom(kv.Key) || kv.Key == typeof(Journaled))
        .Select(kv => kv.Value)
        .ToFrozenSet();

    private readonly JsonSerializerOptions _options;
    private readonly bool _inBrain;

    public AnimaSerializer(ExtendedActorSystem system) : base(system)
    {
        // In the brain the wire may bring a client's requests, and the journal its events and snapshots; a
        // Journaled or a reply can only come from someone posing as a brain (say, feeding the mind a fake tool error).
        _inBrain = system.Settings.Config.GetBoolean("anima.wire.in-brain", false);
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JsonText.AsWritten,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new ActorRefConverter(system), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            TypeInfoResolver = AnimaJsonContext.Default,
        };
    }

    public override int Identifier => SerializerId;

    /// <summary>Every type this serializer knows, for round-trip specs.</summary>
    public static IEnumerable<Type> KnownTypes => ManifestByType.Keys;

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType()} has no manifest in {nameof(AnimaSerializer)}; add one.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        _inBrain && SentOnlyByABrain.Contains(manifest)
            ? throw new SerializationException($"A brain does not read '{manifest}': only a brain sends it.")
            : TypeByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, _options)
              ?? throw new SerializationException($"Empty payload for manifest '{manifest}'.")
            : throw new SerializationException($"Unknown manifest '{manifest}': written by a newer Anima?");

    /// <summary>Actor refs travel as their full path and resolve against the receiving system.</summary>
    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            system.Provider.ResolveActorRef(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
