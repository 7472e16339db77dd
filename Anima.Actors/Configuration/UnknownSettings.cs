using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Anima.Actors.Configuration;

/// <summary>
/// Settings under <c>anima</c> that Anima does not know: a typo (<c>anima.agnet.model</c>, <c>max_tokens</c>) is
/// otherwise ignored without a word and the default applies. Known are the embedded defaults' keys and the few
/// that have none (<see cref="WithoutDefault"/>); the mind's hormones and Psyche's episodes are data, checked by the
/// mind's own config, and MCP servers are checked by <see cref="Mcp.McpConfig"/>.
/// </summary>
public static class UnknownSettings
{
    private static readonly string[] WithoutDefault =
    [
        "anima.sessions.tail-events",
        "anima.clients.silence-limit",
        "anima.tools.working-directory",
    ];

    /// <summary>Sections whose keys are names the user chooses (a hormone, an episode, a model's price, an MCP server): their rooms' own parsers check them.</summary>
    private static readonly string[] DataSections = ["anima.mind.hormones", "anima.mind.psyche.episodes", "anima.usage.prices", "anima.mcp.servers"];

    private static readonly Lazy<string[]> Known = new(() =>
        [.. Leaves(AnimaConfig.BrainDefaults.Root, string.Empty).Where(p => p.StartsWith("anima.", StringComparison.Ordinal)).Concat(WithoutDefault).Distinct()]);

    /// <summary>One warning per unknown setting in <paramref name="user"/> (the user's file alone, not merged), with the nearest known name.</summary>
    public static IReadOnlyList<string> In(Config user, string source)
    {
        var warnings = new List<string>();
        foreach (var path in Leaves(user.Root, string.Empty))
        {
            if (!path.StartsWith("anima.", StringComparison.Ordinal)
                || DataSections.Any(section => path.StartsWith(section + ".", StringComparison.Ordinal))
                || Known.Value.Contains(path)
                || Known.Value.Any(known => known.StartsWith(path + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            var nearest = Nearest(path);
            warnings.Add($"{source}: {path} is not a setting Anima knows, so it is ignored{(nearest is null ? string.Empty : $" (did you mean {nearest}?)")}.");
        }

        return warnings;
    }

    private static string? Nearest(string path)
    {
        var best = Known.Value
            .Select(known => (Known: known, Distance: EditDistance.Between(path, known)))
            .MinBy(candidate => candidate.Distance);
        return best.Known is not null && best.Distance <= Math.Max(2, path.Length / 5) ? best.Known : null;
    }

    private static IEnumerable<string> Leaves(HoconValue? value, string prefix)
    {
        if (value is null || !value.IsObject())
        {
            if (prefix.Length > 0)
            {
                yield return prefix;
            }

            yield break;
        }

        foreach (var (key, child) in value.GetObject().Items)
        {
            foreach (var leaf in Leaves(child, prefix.Length == 0 ? key : $"{prefix}.{key}"))
            {
                yield return leaf;
            }
        }
    }
}
