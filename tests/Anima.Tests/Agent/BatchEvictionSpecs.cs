using Anima.Actors.Agent;

namespace Anima.Tests.Agent;

/// <summary>
/// The window leaves in batches: it keeps its start while the conversation fits the budget, and once it does not,
/// drops to the low-water mark and grows again — so the prefix a provider caches stays the same for many calls.
/// </summary>
public sealed class BatchEvictionSpecs
{
    [Fact]
    public void The_window_keeps_its_start_while_it_fits()
    {
        var stream = new SessionStream().User("one").Agent("two").User("three").Agent("four").User("five");

        var first = Viewport.Assemble(stream.Events, 100, 30, keepFrom: 0);
        stream.Agent("six").User("seven");
        var second = Viewport.Assemble(stream.Events, 100, 30, keepFrom: first.FirstSeq);

        Assert.Equal(1, first.FirstSeq);
        Assert.Equal(1, second.FirstSeq);
        Assert.Equal(7, second.EventCount);
        Assert.False(second.Truncated);
    }

    [Fact]
    public void Over_the_budget_it_drops_to_the_low_water_mark_at_once_not_one_turn_at_a_time()
    {
        var stream = new SessionStream();
        for (var i = 1; i <= 5; i++)
        {
            stream.User($"q{i}").Agent($"a{i}");
        }

        var full = Viewport.Assemble(stream.Events, 100, 40, keepFrom: 0);
        stream.User("q6");
        var evicted = Viewport.Assemble(stream.Events, 100, 40, keepFrom: full.FirstSeq);
        stream.Agent("a6").User("q7");
        var grown = Viewport.Assemble(stream.Events, 100, 40, keepFrom: evicted.FirstSeq);

        Assert.Equal(1, full.FirstSeq);
        Assert.Equal(["user: q5", "assistant: a5", "user: q6"], evicted.Render()); // 30 tokens ≤ 40, not 90 ≤ 100
        Assert.True(evicted.Truncated);
        Assert.Equal(evicted.FirstSeq, grown.FirstSeq);
        Assert.Equal(["user: q5", "assistant: a5", "user: q6", "assistant: a6", "user: q7"], grown.Render());
    }

    [Fact]
    public void A_kept_start_that_is_no_longer_a_user_message_is_given_up()
    {
        var stream = new SessionStream().User("q1").Agent("a1").User("q2").Agent("a2");

        // A start inside a turn (seq 2, a reply) cannot open a window: the newest window that fits is taken instead.
        var result = Viewport.Assemble(stream.Events, 100, 20, keepFrom: 2);

        Assert.Equal(["user: q2", "assistant: a2"], result.Render());
    }
}
