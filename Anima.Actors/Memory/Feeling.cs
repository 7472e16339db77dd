using Anima.Messages.Mind;

namespace Anima.Actors.Memory;

/// <summary>
/// How the agent felt when a memory was made, kept with it: the levels (for the mind, which lets a recalled feeling
/// touch the present), how far from calm they stood (salience: recall prefers strong moments) and a few words the
/// agent reads with the memory — felt, never numbers.
/// </summary>
public sealed record Feeling(IReadOnlyDictionary<string, double> Levels, double Salience, string Words)
{
    /// <summary>Deviations under this share of a hormone's range are calm, not worth a word.</summary>
    private const double Noticeable = 0.15;

    public static Feeling None { get; } = new(new Dictionary<string, double>(), 0, string.Empty);

    public static Feeling From(IReadOnlyList<HormoneReading> hormones)
    {
        if (hormones.Count == 0)
        {
            return None;
        }

        var deviations = hormones
            .Select(h => (h.Hormone, Deviation: h.Max > 0 ? (h.Level - h.Baseline) / h.Max : 0))
            .OrderByDescending(d => Math.Abs(d.Deviation))
            .ToList();
        var salience = Math.Clamp(deviations.Take(3).Sum(d => Math.Abs(d.Deviation)) / 1.5, 0, 1);
        var words = deviations
            .Where(d => Math.Abs(d.Deviation) >= Noticeable)
            .Take(2)
            .Select(d => Word(d.Hormone, d.Deviation > 0))
            .Where(w => w.Length > 0);
        return new Feeling(hormones.ToDictionary(h => h.Hormone, h => Math.Round(h.Level, 1)), Math.Round(salience, 3), string.Join(" and ", words));
    }

    private static string Word(string hormone, bool high) => (hormone, high) switch
    {
        ("dopamine", true) => "eager",
        ("dopamine", false) => "flat",
        ("serotonin", true) => "at ease",
        ("serotonin", false) => "low",
        ("oxytocin", true) => "close to the user",
        ("oxytocin", false) => "distant",
        ("testosterone", true) => "bold",
        ("testosterone", false) => "hesitant",
        ("cortisol", true) => "tense",
        ("cortisol", false) => "relaxed",
        ("endorphins", true) => "content",
        ("endorphins", false) => "sore",
        (_, true) => "stirred",
        _ => string.Empty,
    };
}
