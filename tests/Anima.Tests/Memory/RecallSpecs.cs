using Anima.Actors.Memory;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Agent;
using Anima.Tests.Support;

namespace Anima.Tests.Memory;

/// <summary>The agent's memory in a turn: what a message brings back, and the recall and remember tools.</summary>
public sealed class RecallSpecs() : AgentFlowSpec(NewFake(), withMemory: true)
{
    [Fact]
    public async Task A_message_brings_back_another_sessions_memory_but_not_what_the_window_already_shows()
    {
        var first = NewSession();
        Say(first, "my cat is called Zorblax");
        NextJournaled<AgentMessage>();
        await Eventually.True(() => MemoryStore!.Count() >= 2, "the first session is remembered", TimeSpan.FromSeconds(20));

        var second = NewSession();
        Say(second, "Our team's standup is at 9:15 every morning");
        NextJournaled<AgentMessage>();
        await Eventually.True(() => MemoryStore!.Count() >= 4, "the second session is remembered", TimeSpan.FromSeconds(20));
        Say(second, "What's my pet's name? And when is standup?");
        NextJournaled<AgentMessage>(m => m.Text.Contains("pet", StringComparison.Ordinal));

        var tail = Fake.Requests.Last(r => r.LastUserText == "What's my pet's name? And when is standup?").InnerState!;
        Assert.Contains("in another conversation", tail);
        Assert.Contains("my cat is called Zorblax", tail);
        Assert.DoesNotContain("standup is at 9:15", tail); // in the window already
    }

    [Fact]
    public async Task Remember_pins_a_fact_at_the_start_of_every_sessions_window_and_recall_finds_it()
    {
        Fake.Enqueue(
            FakeResponse.ToolUse(("toolu_1", MemoryTools.RememberName, """{"text":"The user's name is Ada and she prefers metric units."}""")),
            FakeResponse.Text("Pinned."),
            FakeResponse.ToolUse(("toolu_2", MemoryTools.RecallName, """{"query":"which units does the user like"}""")),
            FakeResponse.Text("Metric."));
        var session = NewSession();
        Say(session, "remember my name and units");
        NextJournaled<AgentMessage>(m => m.Text == "Pinned.");

        var other = NewSession();
        Say(other, "which units?");
        var recalled = NextJournaled<ToolResponse>();
        NextJournaled<AgentMessage>(m => m.Text == "Metric.");

        var opening = Fake.Requests.Last(r => r.LastUserText == "which units?").Messages[0]!["content"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith(MemoryLayers.Open, opening);
        Assert.Contains("The user's name is Ada and she prefers metric units.", opening);
        Assert.Contains("The user's name is Ada and she prefers metric units.", recalled.Content);
        Assert.False(recalled.IsError);
        Assert.Contains(Fake.Requests[0].Body!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == MemoryTools.RecallName);
    }
}
