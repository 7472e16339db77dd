using Akka.Actor;
using Anima.Messages.Clients;
using Anima.Messages.Serialization;
using Anima.Messages.Sessions;
using BenchmarkDotNet.Attributes;

namespace Anima.Benchmarks;

/// <summary>
/// The protocol and journal serializer: each journal row and each message to a client goes through it.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory, BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class SerializerBenchmarks
{
    private ActorSystem _system = null!;
    private AnimaSerializer _serializer = null!;
    private object _message = null!;
    private byte[] _bytes = [];
    private byte[] _rawBytes = [];
    private string _manifest = "";

    public enum Payload
    {
        TextDelta,
        UserMessage,
        JournaledAgentMessage,
        HistoryChunk200,
    }

    [Params(Payload.TextDelta, Payload.UserMessage, Payload.JournaledAgentMessage, Payload.HistoryChunk200)]
    public Payload Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("serializer-bench", AnimaSerializerConfig.Hocon);
        _serializer = new AnimaSerializer((ExtendedActorSystem)_system);
        var at = DateTimeOffset.UnixEpoch;
        var reply = new AgentMessage(
            "Here is what I found: the service restarts because its health check times out after 5 s.",
            at,
            Usage: new TokenUsage(1_200, 80),
            StopReason: "end_turn",
            SeenSeq: 41);
        _message = Kind switch
        {
            Payload.TextDelta => new TextDelta("3f2a9c1b7d10", "the health check "),
            Payload.UserMessage => new UserMessage("Why does the service keep restarting?", at),
            Payload.JournaledAgentMessage => new Journaled("3f2a9c1b7d10", 42, reply),
            Payload.HistoryChunk200 => new HistoryChunk(
                "3f2a9c1b7d10",
                [.. Enumerable.Range(1, 200).Select(i => new Journaled("3f2a9c1b7d10", i, i % 2 == 0 ? reply : new UserMessage($"Question {i}", at)))],
                false,
                200),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
        _manifest = _serializer.Manifest(_message);
        _bytes = _serializer.ToBinary(_message);
        _rawBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_message, _message.GetType());
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    /// <summary>System.Text.Json alone on the same object: what our serializer adds on top of it.</summary>
    [BenchmarkCategory("serialize"), Benchmark(Baseline = true)]
    public byte[] SerializeRawJson() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_message, _message.GetType());

    [BenchmarkCategory("serialize"), Benchmark]
    public byte[] Serialize() => _serializer.ToBinary(_message);

    [BenchmarkCategory("deserialize"), Benchmark(Baseline = true)]
    public object? DeserializeRawJson() => System.Text.Json.JsonSerializer.Deserialize(_rawBytes, _message.GetType());

    [BenchmarkCategory("deserialize"), Benchmark]
    public object Deserialize() => _serializer.FromBinary(_bytes, _manifest);
}
