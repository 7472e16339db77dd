using Anima.Actors.Memory;
using Anima.Actors.Providers;

namespace Anima.Tests.Memory;

/// <summary>The multi-resolution start of a window: pins, then level-2 digests, then level-1 summaries, then the events.</summary>
public sealed class MemoryLayersSpecs
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Digests_come_before_summaries_and_a_digest_replaces_the_summaries_it_covers()
    {
        MemoryEntry[] layers =
        [
            Layer(MemoryKind.Summary, 2, 10, "S1"),
            Layer(MemoryKind.Summary, 11, 20, "S2"),
            Layer(MemoryKind.Digest, 2, 20, "D1"),
            Layer(MemoryKind.Summary, 21, 30, "S3"),
            Layer(MemoryKind.Summary, 31, 40, "S4 (the window starts inside it: not shown)"),
        ];

        var block = MemoryLayers.Render([], layers, windowStart: 35, tokenBudget: 1000)!;

        Assert.Equal(["D1", "S3"], Lines(block));
    }

    [Fact]
    public void Over_the_budget_the_oldest_layers_give_way_and_pins_always_stay()
    {
        MemoryEntry[] layers = [Layer(MemoryKind.Summary, 2, 10, "ancient " + new string('x', 200)), Layer(MemoryKind.Summary, 11, 20, "newer")];
        MemoryEntry[] pins = [Layer(MemoryKind.Pinned, 5, 5, "The user's name is Ada.")];

        var block = MemoryLayers.Render(pins, layers, windowStart: 21, tokenBudget: 30)!;

        Assert.Contains("The user's name is Ada.", block);
        Assert.Contains("newer", block);
        Assert.DoesNotContain("ancient", block);
    }

    [Fact]
    public void The_block_opens_the_first_user_message_and_nothing_else_changes()
    {
        IReadOnlyList<LlmMessage> messages = [new(LlmRole.User, [new TextContent("hi")]), new(LlmRole.Assistant, [new TextContent("hello")])];

        var placed = MemoryLayers.Place(messages, "<memory>\nx\n</memory>");

        Assert.Equal(["<memory>\nx\n</memory>", "hi"], placed[0].Content.Cast<TextContent>().Select(t => t.Text));
        Assert.Same(messages[1], placed[1]);
        Assert.Same(messages, MemoryLayers.Place(messages, null));
    }

    [Fact]
    public void Nothing_to_say_is_no_block()
    {
        Assert.Null(MemoryLayers.Render([], [Layer(MemoryKind.Summary, 30, 40, "after the start")], windowStart: 20, tokenBudget: 1000));
    }

    private static MemoryEntry Layer(MemoryKind kind, long from, long to, string text) =>
        new(from * 100 + to, "s1", kind, from, to, text, At, new Dictionary<string, double>(), 0);

    private static List<string> Lines(string block) =>
        [.. block.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..])];
}
