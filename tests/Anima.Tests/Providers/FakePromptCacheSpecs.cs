using System.Text;
using System.Text.Json.Nodes;
using Anima.FakeAnthropic;

namespace Anima.Tests.Providers;

/// <summary>The fake bills input as the documented prompt cache would, so specs and the bench measure what a user pays.</summary>
public sealed class FakePromptCacheSpecs
{
    private readonly SteppedTime _time = new();

    [Fact]
    public void A_repeated_prefix_is_read_and_the_new_end_is_written()
    {
        var cache = new FakePromptCache(_time, minimumTokens: 10);

        var first = cache.Bill(Request(Conversation(3)));
        var second = cache.Bill(Request(Conversation(5)));

        Assert.Equal(0, first.CacheReadTokens);
        Assert.True(first.CacheWriteTokens > 0);
        Assert.Equal(first.CacheWriteTokens, second.CacheReadTokens);
        Assert.True(second.CacheWriteTokens > 0);
    }

    [Fact]
    public void An_entry_lives_five_minutes_from_its_last_use()
    {
        var cache = new FakePromptCache(_time, minimumTokens: 10);
        cache.Bill(Request(Conversation(3)));

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.True(cache.Bill(Request(Conversation(3))).CacheReadTokens > 0);
        _time.Advance(TimeSpan.FromMinutes(4)); // eight minutes after the write, four after the read
        Assert.True(cache.Bill(Request(Conversation(3))).CacheReadTokens > 0);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(0, cache.Bill(Request(Conversation(3))).CacheReadTokens);
    }

    [Fact]
    public void A_prefix_under_the_minimum_is_never_cached()
    {
        var cache = new FakePromptCache(_time, minimumTokens: 100_000);

        cache.Bill(Request(Conversation(3)));

        Assert.Equal((0, 0), (cache.Bill(Request(Conversation(3))).CacheReadTokens, cache.Bill(Request(Conversation(3))).CacheWriteTokens));
    }

    [Fact]
    public void Changing_the_thinking_budget_misses_on_the_messages_but_not_on_tools_and_system()
    {
        var cache = new FakePromptCache(_time, minimumTokens: 10);
        var first = cache.Bill(Request(Conversation(3), thinking: 1024));

        var changed = cache.Bill(Request(Conversation(3), thinking: 2048));

        Assert.True(changed.CacheReadTokens > 0, "tools and system are still cached");
        Assert.True(changed.CacheReadTokens < first.CacheWriteTokens, "the messages are not");
    }

    [Fact]
    public void A_hit_is_looked_for_only_twenty_blocks_back_from_a_breakpoint()
    {
        var cache = new FakePromptCache(_time, minimumTokens: 10);
        cache.Bill(Request(Conversation(1), systemBreakpoint: false));

        var near = cache.Bill(Request(Conversation(15), systemBreakpoint: false)); // 14 blocks on: found
        var far = new FakePromptCache(_time, minimumTokens: 10);
        far.Bill(Request(Conversation(1), systemBreakpoint: false));
        var tooFar = far.Bill(Request(Conversation(30), systemBreakpoint: false)); // 29 blocks on: missed

        Assert.True(near.CacheReadTokens > 0);
        Assert.Equal(0, tooFar.CacheReadTokens);
    }

    /// <summary>Alternating user and assistant messages of one text block; the last one marked.</summary>
    private static JsonArray Conversation(int messages)
    {
        var array = new JsonArray();
        for (var i = 0; i < messages; i++)
        {
            var block = new JsonObject { ["type"] = "text", ["text"] = $"message {i}: " + new string('x', 200) };
            if (i == messages - 1)
            {
                block["cache_control"] = new JsonObject { ["type"] = "ephemeral" };
            }

            array.Add(new JsonObject { ["role"] = i % 2 == 0 ? "user" : "assistant", ["content"] = new JsonArray(block) });
        }

        return array;
    }

    private static RecordedRequest Request(JsonArray messages, int? thinking = null, bool systemBreakpoint = true)
    {
        var system = new JsonObject { ["type"] = "text", ["text"] = "You are a test. " + new string('s', 400) };
        if (systemBreakpoint)
        {
            system["cache_control"] = new JsonObject { ["type"] = "ephemeral" };
        }

        var body = new JsonObject
        {
            ["model"] = "claude-test",
            ["max_tokens"] = 4096,
            ["system"] = new JsonArray(system),
            ["messages"] = messages,
        };
        if (thinking is { } budget)
        {
            body["thinking"] = new JsonObject { ["type"] = "enabled", ["budget_tokens"] = budget };
        }

        return new RecordedRequest("POST", "/v1/messages", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    private sealed class SteppedTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
