namespace Anima.Actors.Mind;

/// <summary>
/// The felt form of the mind: first-person lines from all hormones at once, never numbers, never instructions.
/// Mixed states speak as one line (<see cref="VoiceBlend"/>) for the hormones they name; the strongest feelings
/// (furthest from rest, on each hormone's own scale) speak first, at most <see cref="MindConfig.MaxVoiceLines"/>.
/// </summary>
public static class InnerVoice
{
    /// <summary>The lines felt at <paramref name="now"/>, strongest first; none when every hormone is at rest.</summary>
    public static IReadOnlyList<string> Lines(MindState state, DateTimeOffset now)
    {
        var config = state.Config;
        var felt = new Dictionary<string, (int Level, double Intensity)>(config.Hormones.Count, StringComparer.Ordinal);
        foreach (var hormone in config.Hormones)
        {
            var level = state.Felt(hormone.Name, now);
            felt[hormone.Name] = (level, hormone.Intensity(level));
        }

        var spoken = new List<(string Text, double Intensity, int Order)>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blend in config.Blends)
        {
            if (blend.When.All(c => felt.TryGetValue(c.Hormone, out var f) && c.Holds(f.Level) && !covered.Contains(c.Hormone)))
            {
                spoken.Add((blend.Text, blend.When.Max(c => felt[c.Hormone].Intensity), spoken.Count));
                covered.UnionWith(blend.When.Select(c => c.Hormone));
            }
        }

        foreach (var hormone in config.Hormones)
        {
            if (hormone.DrivesInnerVoice && !covered.Contains(hormone.Name) && hormone.VoiceAt(felt[hormone.Name].Level) is { } line)
            {
                spoken.Add((line, felt[hormone.Name].Intensity, spoken.Count));
            }
        }

        return [.. spoken
            .OrderByDescending(s => s.Intensity)
            .ThenBy(s => s.Order)
            .Take(config.MaxVoiceLines)
            .Select(s => s.Text)];
    }

    /// <summary>The lines as one passage of sentences; null when the mind is silent.</summary>
    public static string? For(MindState state, DateTimeOffset now) => Passage(Lines(state, now));

    /// <summary>Felt lines as sentences: each ends with its own punctuation, or a full stop.</summary>
    public static string? Passage(IReadOnlyList<string> lines) =>
        lines.Count == 0 ? null : string.Join(" ", lines.Select(line => line.EndsWith('.') || line.EndsWith('?') || line.EndsWith('!') ? line : line + "."));
}
