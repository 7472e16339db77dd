using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Anima.FakeAnthropic;

/// <summary>
/// The provider's prompt cache as documented: the prompt is read as blocks in the order tools → system → messages;
/// a block with <c>cache_control</c> is a breakpoint (at most four); a call reads the longest prefix cached at one of
/// its breakpoints or up to 20 blocks before each, and writes a prefix at each breakpoint past that read; a prefix
/// shorter than the minimum is never cached; an entry lives five minutes from its last use; the thinking settings
/// are part of the messages' prefix (changing them misses on the messages, not on tools and system).
/// </summary>
/// <remarks>The marker itself is not content: moving a breakpoint does not change the prefix it sits on.</remarks>
public sealed class FakePromptCache(TimeProvider clock, int minimumTokens)
{
    public const int MaxBreakpoints = 4;
    public const int Lookback = 20;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _entries = new(StringComparer.Ordinal);

    /// <summary>What a request would be billed: the read and written prefixes, and the rest.</summary>
    public FakeCacheUsage Bill(RecordedRequest request)
    {
        var blocks = Blocks(request);
        var total = blocks.Count > 0 ? blocks[^1].Tokens : FakeAnthropicServer.EstimateTokens(request.BodyBytes);
        var breakpoints = blocks.Select((b, i) => (b, i)).Where(x => x.b.Breakpoint).Select(x => x.i).ToList();
        if (breakpoints.Count == 0)
        {
            return new FakeCacheUsage(total, 0, 0, 0);
        }

        var model = request.Model ?? string.Empty;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var read = -1;
            foreach (var point in breakpoints)
            {
                for (var i = point; i >= Math.Max(0, point - Lookback); i--)
                {
                    if (_entries.TryGetValue(model + blocks[i].Hash, out var expires) && expires > now)
                    {
                        read = Math.Max(read, i);
                        break;
                    }
                }
            }

            if (read >= 0)
            {
                _entries[model + blocks[read].Hash] = now + Lifetime;
            }

            var readTokens = read >= 0 ? blocks[read].Tokens : 0;
            var written = readTokens;
            foreach (var point in breakpoints.Where(p => p > read && blocks[p].Tokens >= minimumTokens))
            {
                _entries[model + blocks[point].Hash] = now + Lifetime;
                written = Math.Max(written, blocks[point].Tokens);
            }

            return new FakeCacheUsage(Math.Max(0, total - written), readTokens, written - readTokens, breakpoints.Count);
        }
    }

    /// <summary>Every block with the running hash and token count of the prefix that ends with it.</summary>
    private static List<Block> Blocks(RecordedRequest request)
    {
        var body = request.Body;
        var blocks = new List<Block>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tokens = 0;

        void Add(JsonNode? node, string prefix)
        {
            var breakpoint = node is JsonObject o && o.ContainsKey("cache_control");
            var copy = node?.DeepClone();
            (copy as JsonObject)?.Remove("cache_control");
            var text = prefix + (copy?.ToJsonString() ?? "null");
            var bytes = Encoding.UTF8.GetBytes(text);
            hash.AppendData(bytes);
            tokens += FakeAnthropicServer.EstimateTokens(bytes.Length);
            blocks.Add(new Block(Convert.ToHexString(hash.GetCurrentHash()), tokens, breakpoint));
        }

        foreach (var tool in body?["tools"] as JsonArray ?? [])
        {
            Add(tool, "tool:");
        }

        switch (body?["system"])
        {
            case JsonArray system:
                foreach (var block in system)
                {
                    Add(block, "system:");
                }

                break;
            case JsonValue system:
                Add(system, "system:");
                break;
        }

        // The thinking settings open the messages: a change misses on every message block, never on tools or system.
        hash.AppendData(Encoding.UTF8.GetBytes("thinking:" + (body?["thinking"]?.ToJsonString() ?? "off")));
        foreach (var message in body?["messages"] as JsonArray ?? [])
        {
            var role = message?["role"]?.ToString() ?? "?";
            switch (message?["content"])
            {
                case JsonArray content:
                    for (var i = 0; i < content.Count; i++)
                    {
                        Add(content[i], (i == 0 ? "message:" : string.Empty) + role + ":");
                    }

                    break;
                case { } content:
                    Add(content, "message:" + role + ":");
                    break;
            }
        }

        return blocks;
    }

    private sealed record Block(string Hash, int Tokens, bool Breakpoint);
}
