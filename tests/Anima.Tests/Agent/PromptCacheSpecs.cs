using Anima.FakeAnthropic;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

/// <summary>
/// Every call marks its stable parts for the provider's prompt cache — the tools, the system prompt, the conversation
/// the last call already sent and the newest stable block — never the volatile tail; the conversation's start stays the
/// same bytes while the window fits, so the provider bills most of a long session's input as cache reads.
/// </summary>
public sealed class PromptCacheSpecs() : AgentFlowSpec(
    FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { MinimumCacheableTokens = 50 }).GetAwaiter().GetResult(),
    """
    anima.agent.context-budget = 600
    anima.agent.context-low-water = 50
    """)
{
    [Fact]
    public async Task Breakpoints_sit_on_tools_system_and_the_conversation_never_on_the_tail()
    {
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"echo hi"}""")), FakeResponse.Text("Done."), FakeResponse.Text("Sure."));
        var session = NewSession();

        Say(session, "run it");
        NextJournaled<AgentMessage>(m => m.Text == "Done.");
        Say(session, "thanks");
        NextJournaled<AgentMessage>(m => m.Text == "Sure.");

        var calls = await Fake.WaitForRequestsAsync(3, TimeSpan.FromSeconds(10));
        var lastTool = calls[0].Body!["tools"]!.AsArray()[^1]!["name"]!.GetValue<string>();
        Assert.Equal(["tool:" + lastTool, "system", "message 0:text"], calls[0].Breakpoints);
        Assert.All(calls, call => Assert.InRange(call.Breakpoints.Count, 3, 4));
        Assert.All(calls, call => Assert.Null(call.Messages[^1]!["content"]!.AsArray()[^1]!["cache_control"]));
        Assert.All(calls, call => Assert.NotNull(call.InnerState));

        // The second call (the tool's result) marks the message the first call ended on, and the tool_result.
        Assert.Equal(["message 0:text", "message 2:tool_result"], calls[1].Breakpoints.Where(b => b.StartsWith("message", StringComparison.Ordinal)));
        Assert.Equal(["message 2:tool_result", "message 4:text"], calls[2].Breakpoints.Where(b => b.StartsWith("message", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_long_session_keeps_its_prefix_between_evictions_and_reads_most_input_from_the_cache()
    {
        var session = NewSession();
        const int turns = 30;
        for (var i = 1; i <= turns; i++)
        {
            // About 30 tokens a turn: a 600-token budget holds ~20 turns, a batch eviction drops to ~10.
            Say(session, $"turn {i}: tell me something about the number {i}, please, at some length");
            NextJournaled<AgentMessage>(m => m.Text.StartsWith($"Echo: turn {i}:", StringComparison.Ordinal));
        }

        var calls = (await Fake.WaitForRequestsAsync(turns, TimeSpan.FromSeconds(10))).Where(r => r.Path == "/v1/messages").ToList();
        var evictions = 0;
        for (var i = 1; i < calls.Count; i++)
        {
            var before = calls[i - 1].StableMessages;
            var now = calls[i].StableMessages;
            if (now.Count > before.Count && before.SequenceEqual(now.Take(before.Count)))
            {
                continue; // the same prefix, grown at the end
            }

            evictions++;
            Assert.True(now.Count < before.Count, $"call {i + 1} changed its prefix without evicting");
        }

        // Batches, not a slide: a sliding window would change the prefix on nearly every call once full.
        Assert.InRange(evictions, 1, 3);

        var answers = History(session).Select(j => j.Event).OfType<AgentMessage>().ToList();
        var read = answers.Skip(5).Sum(a => a.Usage!.CacheReadTokens);
        var all = answers.Skip(5).Sum(a => a.Usage!.InputTokens + a.Usage.CacheReadTokens + a.Usage.CacheWriteTokens);
        Assert.True(read > all * 0.6, $"cache reads {read} of {all} input tokens");
    }
}
