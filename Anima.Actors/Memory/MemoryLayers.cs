using System.Text;
using Anima.Actors.Providers;

namespace Anima.Actors.Memory;

/// <summary>
/// The older resolutions of a session's viewport, as one text block that opens its first message: the pinned
/// memories (never evicted), then level-2 digests, then level-1 summaries of what came before the verbatim events.
/// Pure: the same memories and window start give the same bytes, so the block is part of the cached prefix.
/// </summary>
public static class MemoryLayers
{
    public const string Open = "<memory>";
    public const string Close = "</memory>";

    /// <summary>
    /// The block for a window that starts at <paramref name="windowStart"/>: pins first; then, within the budget and
    /// newest first (what lies nearest the window matters most), the digests and summaries that end before it,
    /// a summary giving way to the digest that covers it. Null when there is nothing to say.
    /// </summary>
    public static string? Render(IReadOnlyList<MemoryEntry> pins, IReadOnlyList<MemoryEntry> layers, long windowStart, int tokenBudget)
    {
        var before = layers
            .Where(l => l.Kind is MemoryKind.Summary or MemoryKind.Digest && l.ToSeq < windowStart)
            .ToList();
        var digests = before.Where(l => l.Kind == MemoryKind.Digest).ToList();
        var candidates = before
            .Where(l => l.Kind == MemoryKind.Digest || !digests.Any(d => l.FromSeq >= d.FromSeq && l.ToSeq <= d.ToSeq))
            .OrderByDescending(l => l.ToSeq)
            .ToList();

        var tokens = pins.Sum(p => TextTokens.Estimate(p.Text));
        var taken = new List<MemoryEntry>();
        foreach (var layer in candidates)
        {
            var cost = TextTokens.Estimate(layer.Text);
            if (tokens + cost > tokenBudget)
            {
                break;
            }

            tokens += cost;
            taken.Add(layer);
        }

        if (pins.Count == 0 && taken.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(Open).Append('\n');
        if (pins.Count > 0)
        {
            text.Append("What I was asked to keep in mind always:\n");
            foreach (var pin in pins)
            {
                text.Append("- ").Append(pin.Text).Append('\n');
            }
        }

        if (taken.Count > 0)
        {
            text.Append("Earlier in this conversation (summarised, oldest first):\n");
            foreach (var layer in taken.OrderBy(l => l.FromSeq))
            {
                text.Append("- ").Append(layer.Text.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        return text.Append(Close).ToString();
    }

    /// <summary>The viewport's messages with the block in front of the first one (always the user's).</summary>
    public static IReadOnlyList<LlmMessage> Place(IReadOnlyList<LlmMessage> messages, string? block)
    {
        if (block is null || messages.Count == 0 || messages[0].Role != LlmRole.User)
        {
            return messages;
        }

        return [messages[0] with { Content = [new TextContent(block), .. messages[0].Content] }, .. messages.Skip(1)];
    }
}
