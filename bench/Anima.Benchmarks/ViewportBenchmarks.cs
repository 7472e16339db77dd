using Anima.Actors.Agent;
using Anima.Actors.Providers;
using Anima.Messages.Sessions;
using BenchmarkDotNet.Attributes;

namespace Anima.Benchmarks;

/// <summary>
/// Viewport assembly over a session tail: what every LLM call pays before the request leaves. A turn
/// here is a user message, a tool call and its response, and a reply.
/// </summary>
[MemoryDiagnoser]
public class ViewportBenchmarks
{
    private ViewportEvent[] _events = [];

    [Params(100, 1_000, 10_000)]
    public int Events { get; set; }

    [Params(8_000, 100_000)]
    public int TokenBudget { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var at = DateTimeOffset.UnixEpoch;
        var events = new List<ViewportEvent>(Events);
        var seq = 0L;
        while (events.Count < Events)
        {
            var turn = seq / 4;
            events.Add(ViewportEvent.Estimated(++seq, new UserMessage($"Question {turn}: what does the log say about the failing build?", at)));
            events.Add(ViewportEvent.Estimated(++seq, new ToolCall($"toolu_{turn}", "bash", """{"command":"tail -n 50 build.log"}""", at)));
            events.Add(ViewportEvent.Estimated(++seq, new ToolResponse($"toolu_{turn}", new string('x', 1_200), false, at)));
            events.Add(ViewportEvent.Estimated(++seq, new AgentMessage($"The build fails in step {turn} because a package is missing; install it and retry.", at)));
        }

        _events = [.. events.Take(Events)];
    }

    /// <summary>The naive alternative the viewport replaces: every event of the session as a message, every call.</summary>
    [Benchmark(Baseline = true)]
    public int EveryEventAsMessage()
    {
        var messages = new List<LlmMessage>(_events.Length);
        foreach (var e in _events)
        {
            messages.Add(e.Event switch
            {
                UserMessage m => new LlmMessage(LlmRole.User, [new TextContent(m.Text)]),
                AgentMessage m => new LlmMessage(LlmRole.Assistant, [new TextContent(m.Text)]),
                ToolCall c => new LlmMessage(LlmRole.Assistant, [new ToolUseContent(c.CallId, c.Name, c.InputJson)]),
                ToolResponse r => new LlmMessage(LlmRole.User, [new ToolResultContent(r.CallId, r.Content, r.IsError)]),
                _ => new LlmMessage(LlmRole.User, []),
            });
        }

        return messages.Count;
    }

    [Benchmark]
    public int Assemble() => Viewport.Assemble(_events, TokenBudget).Tokens;
}
