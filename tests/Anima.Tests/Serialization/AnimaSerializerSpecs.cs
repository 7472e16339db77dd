using Akka.Actor;
using Akka.Serialization;
using Anima.Client.Configuration;
using Anima.Messages;
using Anima.Messages.Clients;
using Anima.Messages.Memory;
using Anima.Messages.Mind;
using Anima.Messages.Serialization;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;

namespace Anima.Tests.Serialization;

public sealed class AnimaSerializerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    public AnimaSerializerSpecs()
        : base(Akka.Configuration.ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = off").WithFallback(ClientConfig.ForClient()), nameof(AnimaSerializerSpecs))
    {
    }

    public static IEnumerable<object[]> Samples()
    {
        var journaled = new Journaled("abc", 7, new ToolResponse("toolu_1", "ok\n", IsError: false, At));
        var hormone = new HormoneChanged("abc", "frustration", 17.5, 10, "tool-error", At);
        var recalled = new MemoryRecalled("abc", 2, "What's my pet's name?", [new RecalledItem(1, "def", "said", "user: my cat is called Zorblax", At, 0.0331, null, 0, 0.56, 0.42, "eager", new Dictionary<string, double> { ["dopamine"] = 62 })], At);
        ISessionEvent[] events =
        [
            new SessionStarted("A title", At, "/home/user/project"),
            new UserMessage("hello ☀ \"quoted\"", At),
            new UserMessage("yes", At, CorrelationId: "5f0c2a"),
            new AgentMessage("hi", At, "let me think", "sig==", new TokenUsage(10, 20, 3, 4), "end_turn"),
            new AgentMessage("hi", At, Usage: new TokenUsage(10, 20, 3, 4), SeenSeq: 4, Model: "claude-sonnet-4-5"),
            new ToolCall("toolu_1", "bash", """{"command":"ls -la"}""", At),
            new ToolResponse("toolu_1", "boom", IsError: true, At),
            new SystemMessage("Retries exhausted", At, SystemMessageLevel.Error),
            new ApprovalRequested("toolu_1", "bash", "git status", "bash asks first in ask mode", At, "bash(git status)"),
            new ApprovalAnswered("toolu_1", ApprovalDecision.Always, "tui", At, "bash(git status)"),
            new PermissionModeChanged(PermissionMode.AutoEdit, "anima ask", At),
        ];
        IAnimaMessage[] messages =
        [
            .. events,
            journaled,
            new SessionSnapshot("abc", "t", At, At, 3, 7, [journaled], "/home/user/project"),
            new SessionSnapshot("abc", "t", At, At, 3, 7, [journaled], "/home/user/project", PermissionMode.Trust, ["bash(git status)"]),
            new AnswerApproval("abc", "toolu_1", ApprovalDecision.Deny, "tui"),
            new ApprovalRecorded("abc", "toolu_1", ApprovalDecision.Deny, 9),
            new SetPermissionMode("abc", PermissionMode.Trust, "tui"),
            new PermissionModeSet("abc", PermissionMode.Trust),
            new TurnStarted("abc"),
            new TextDelta("abc", "tok"),
            new ThinkingDelta("abc", "hmm"),
            new RetryNotice("abc", 2, 5, TimeSpan.FromSeconds(4), "overloaded"),
            new TurnEnded("abc", TurnOutcome.Interrupted),
            new ContextWindow("abc", 1200, 100000, 14),
            new SystemNotice("abc", "The disk is full", SystemMessageLevel.Error),
            new Hello("token", "tui", "0.1.0"),
            new Refused("no"),
            new Ping(42),
            new Pong(42),
            new GetStatus(),
            new BrainStatus("0.1.0", At, 3, 1, "production"),
            new ListSessions(10),
            new SessionList([new SessionSummary("abc", "t", 2, At, At, 5, "/home/user/project")]),
            new CreateSession("title", "/home/user/project"),
            new SessionCreated("abc"),
            new FindSession("ab"),
            new SessionFound(new SessionSummary("abc", "t", 2, At, At, 5)),
            new TurnInFlight("abc", true, "Echo: so far", "hmm", new RetryNotice("abc", 2, 5, TimeSpan.FromSeconds(4), "overloaded")),
            new TurnInFlight("abc", false, string.Empty, string.Empty, Mode: PermissionMode.AutoEdit),
            new Attach("abc", 5, 100),
            new HistoryChunk("abc", [journaled], Last: true, 7),
            new JournaledPart("abc", 7, 1, 3, [1, 2, 3, 0, 255], History: true),
            new Detach("abc"),
            new PostUserMessage("abc", "hi", "c1"),
            new UserMessageAccepted("abc", 8, "c1"),
            new Interrupt("abc"),
            new RequestFailed("nope", "c1"),
            new GetMind("abc"),
            new MindReport("abc", [new HormoneReading("frustration", 27.5, 0, 100, 10)], "Hmm, that didn't work", [new HormoneChanged("abc", "frustration", 10, 10, "tool-error", At, 7)]),
            new MindReport(
                "abc",
                [new HormoneReading("cortisol", 61, 20, 100, 15)],
                "I'm wound tight.",
                [new HormoneChanged("abc", "cortisol", 61, 15, "repeated-failure", At, 9, "three tool calls failed in a row (rule)")],
                ["I want to stop and ask them before I try anything else"],
                8192,
                9),
            new MindChanged("abc", [new HormoneReading("frustration", 20, 0, 100, -3)]),
            new MindChanged("abc", [new HormoneReading("oxytocin", 45, 30, 100, 12)], ["I'd like to hear how it went"]),
            hormone,
            new MindSnapshot("abc", [hormone]),
            new StimulusAppraised("abc", "praise", "you wrote “great job”", "lexical", 12, At),
            new FeelingRecalled("abc", "mem-1", new Dictionary<string, double> { ["cortisol"] = 70, ["dopamine"] = 55.5 }, At),
            new GainsAdjusted(3, "resilience", "abc", "repeated-failure, then task-completed 4 min later", [new GainChange("frustration", "tool-error", 10, 9.5)], At),
            new GainsRolledBack(4, 2, [new GainChange("frustration", "tool-error", 9.5, 10)], At),
            new PsycheMatrix(3, [new GainEntry("frustration", "tool-error", 10, 9.5)]),
            GetPsycheMatrix.Instance,
            new GetPsyche(),
            new GetPsycheHistory(),
            new RollbackPsyche(2),
            new PsycheReport(3, [new GainEntry("frustration", "tool-error", 10, 9.5)], 0.05, 0.5),
            recalled,
            new TurnInFlight("abc", false, "", "", Recalled: recalled),
            new GetUsage("abc", "2026-12-07"),
            new UsageReport(
                [new UsageRow("#2", 2, 100, 2000, 50, 30, 0.0123m, 0, "2026-12-07 14:03")],
                [new UsageRow("agent (turns)", 1, 100, 2000, 50, 30, 0.0123m, 0, "claude-sonnet-4-5"), new UsageRow("mind (appraisal)", 1, 3, 0, 0, 3, 0m, 1, "claude-x")],
                new UsageRow("total", 2, 103, 2000, 50, 33, 0.0123m, 1)),
            new PsycheHistory([new PsycheVersion(1, "episode resilience", "repeated-failure, then task-completed", "abc", [new GainChange("cortisol", "tool-error", 6, 5.7)], At)]),
            new GetMcpServers(),
            new MemorySummarised("abc", 2, 3, 40, "The user counted to forty.", At, new Dictionary<string, double> { ["cortisol"] = 61 }, 0.4, "tense"),
            new MemoryPinned("abc", 7, 1796117400000, "The user's cat is called Zorblax", At, new Dictionary<string, double>(), 0, ""),
            new MemoryForgotten("abc", "event", 4, 4, "anima memory forget", At),
            new EventsEvicted("abc", 41, At),
            new ForgetMemory(12, "anima memory forget"),
            new ForgetRecorded(12, "event", "abc", "user: my cat is called Zorblax", 1),
            new McpServerList([new McpServerStatus("files", "stdio", "npx server (env TOKEN=•••)", "mcp-servers.json", "restarting", "exited with code 1", ["mcp__files__read"], 2)], null),
        ];
        return messages.Select(m => new object[] { m });
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_message_survives_a_round_trip(IAnimaMessage message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<AnimaSerializer>(serializer);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);

        Assert.Equal(Normalize(message), Normalize(back));
    }

    [Fact]
    public void Every_known_type_has_a_sample()
    {
        var sampled = Samples().Select(s => s[0].GetType()).ToHashSet();
        Assert.All(AnimaSerializer.KnownTypes.Where(t => t != typeof(Welcome)), t => Assert.Contains(t, sampled));
    }

    [Fact]
    public void Welcome_carries_a_resolvable_actor_ref()
    {
        var probe = CreateTestProbe();
        var welcome = new Welcome(probe.Ref, "0.1.0", At);
        var serializer = Sys.Serialization.FindSerializerFor(welcome);

        var back = (Welcome)Sys.Serialization.Deserialize(serializer.ToBinary(welcome), serializer.Identifier, "welcome");

        back.Connection.Tell("ping");
        probe.ExpectMsg("ping");
    }

    [Fact]
    public void Text_in_any_language_is_stored_as_written()
    {
        const string text = "Grüße aus Köln: 日本語 <b>it's</b> & more";
        var message = new UserMessage(text, At);
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);

        Assert.Contains(text, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(text, ((UserMessage)Sys.Serialization.Deserialize(bytes, serializer.Identifier, "user_message")).Text);
    }

    [Fact]
    public void A_user_message_journaled_before_correlation_ids_were_kept_reads_with_none()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(UserMessage));
        var row = """{"text":"yes","at":"2026-11-24T09:30:00+00:00"}"""u8.ToArray(); // as the journal holds it

        var message = Assert.IsType<UserMessage>(serializer.FromBinary(row, "user_message"));

        Assert.Equal(("yes", At, null), (message.Text, message.At, message.CorrelationId));
        Assert.Equal("user_message", serializer.Manifest(new UserMessage("yes", At, "c1")));
    }

    [Fact]
    public void A_session_started_before_sessions_had_a_directory_still_reads()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(SessionStarted));
        var written = """{"title":"an old session","at":"2026-11-24T09:30:00+00:00"}"""u8.ToArray();
        var snapshot = """{"sessionId":"abc","title":"t","createdAt":"2026-11-24T09:30:00+00:00","updatedAt":"2026-11-24T09:30:00+00:00","messageCount":0,"lastSeq":1,"tail":[]}"""u8.ToArray();

        var started = Assert.IsType<SessionStarted>(serializer.FromBinary(written, "session_started"));

        Assert.Equal(("an old session", At, null), (started.Title, started.At, started.WorkingDirectory));
        Assert.Null(Assert.IsType<SessionSnapshot>(serializer.FromBinary(snapshot, "session_snapshot")).WorkingDirectory);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(UserMessage));
        var ex = Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "from_the_future"));
        Assert.Contains("from_the_future", ex.Message);
    }

    /// <summary>Records compare lists by reference; compare their JSON instead.</summary>
    private static string Normalize(object message) => System.Text.Json.JsonSerializer.Serialize(message, message.GetType());
}
