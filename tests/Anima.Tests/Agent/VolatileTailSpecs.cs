using System.Text.Json.Nodes;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Agent;

/// <summary>
/// What changes per call (the time, the inner voice, desires) rides in a volatile tail after the conversation, so the
/// system prompt and every byte of the conversation before the newest message stay the same from call to call — what
/// a provider can cache — and the tail is never taken for the user's words.
/// </summary>
public sealed class VolatileTailSpecs() : AgentFlowSpec(NewFake(), "anima.agent.thinking-budget = 4096", new ManualClock(DateTimeOffset.UtcNow))
{
    [Fact]
    public async Task The_system_prompt_and_the_conversation_so_far_stay_the_same_bytes_while_time_and_feelings_change()
    {
        Fake.Enqueue(
            [.. FailedLookups(2),
            FakeResponse.Text("Not there."),
            FakeResponse.Text("Still here.")]);
        var session = NewSession();

        Say(session, "find the file");
        NextJournaled<AgentMessage>(m => m.Text == "Not there.");
        Say(session, "ok, never mind");
        NextJournaled<AgentMessage>(m => m.Text == "Still here.");

        var calls = await Fake.WaitForRequestsAsync(4, TimeSpan.FromSeconds(10));
        Assert.All(calls, call => Assert.Equal(calls[0].System, call.System));
        Assert.DoesNotContain(DateTimeOffset.Now.ToString("yyyy-MM-dd"), calls[0].System);
        Assert.DoesNotContain(DateTimeOffset.Now.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), calls[0].System);
        Assert.Contains("<inner_state>", calls[0].System); // it says, once, whose words the tail holds
        for (var i = 1; i < calls.Count; i++)
        {
            // Each call repeats the one before it byte for byte (its tail aside) and adds to the end.
            // (The cache_control markers move with the end of the conversation; the provider does not count them as content.)
            var before = calls[i - 1].StableMessages;
            var now = calls[i].StableMessages;
            Assert.True(before.Count < now.Count);
            Assert.Equal(before, now.Take(before.Count));
        }

        Assert.All(calls, call => Assert.Matches(@"^<inner_state>\nNow: [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \([+-]\d\d:\d\d\)\n", call.InnerState));
        Assert.DoesNotContain("How I feel", calls[0].InnerState);
        Assert.Contains("How I feel: Hmm, that didn't work.", calls[1].InnerState);
        Assert.All(calls, call => Assert.Equal("find the file", FirstUserText(call)));
        Assert.Equal("ok, never mind", calls[^1].LastUserText);
    }

    [Fact]
    public void The_tail_is_never_journaled_so_no_transcript_shows_it_as_the_users_words()
    {
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"false"}""")), FakeResponse.Text("Done."));
        var session = NewSession();

        Say(session, "try it");
        NextJournaled<AgentMessage>(m => m.Text == "Done.");

        var history = History(session);
        Assert.Contains(history, j => j.Event is ToolResponse { IsError: true });
        Assert.DoesNotContain(history, j => j.Event switch
        {
            UserMessage m => m.Text.Contains("inner_state") || m.Text.Contains("How I feel"),
            AgentMessage m => m.Text.Contains("inner_state"),
            ToolResponse r => r.Content.Contains("inner_state"),
            _ => false,
        });
        Assert.Equal(["try it"], history.Select(j => j.Event).OfType<UserMessage>().Select(m => m.Text));
    }

    private static string? FirstUserText(RecordedRequest request) =>
        request.Messages[0]?["content"] is JsonArray blocks ? blocks[0]?["text"]?.GetValue<string>() : null;
}
