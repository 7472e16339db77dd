using System.Collections.Immutable;
using Anima.Messages.Mind;

namespace Anima.Actors.Mind;

/// <summary>
/// How strongly this agent reacts: (hormone, stimulus) → gain, the seed of Psyche's coefficient matrix.
/// Immutable; <see cref="With"/> returns an adjusted copy, so a learning rule can evolve it and keep its history.
/// </summary>
public sealed class GainTable
{
    private readonly ImmutableSortedDictionary<(string Hormone, string Stimulus), double> _gains;

    private GainTable(ImmutableSortedDictionary<(string Hormone, string Stimulus), double> gains) => _gains = gains;

    public static GainTable Empty { get; } = new(ImmutableSortedDictionary.Create<(string, string), double>(KeyOrder.Instance));

    /// <summary>The configured gains of every hormone.</summary>
    public static GainTable From(IEnumerable<HormoneDefinition> hormones) =>
        hormones
            .SelectMany(h => h.Stimuli.Select(s => (Hormone: h.Name, Stimulus: s.Key, Gain: s.Value)))
            .Aggregate(Empty, (table, entry) => table.With(entry.Hormone, entry.Stimulus, entry.Gain));

    /// <summary>The current values of a published matrix.</summary>
    public static GainTable From(IEnumerable<GainEntry> entries) =>
        entries.Aggregate(Empty, (table, entry) => table.With(entry.Hormone, entry.Stimulus, entry.Current));

    /// <summary>Every entry, ordered by hormone then stimulus.</summary>
    public IEnumerable<(string Hormone, string Stimulus, double Gain)> Entries =>
        _gains.Select(kv => (kv.Key.Hormone, kv.Key.Stimulus, kv.Value));

    public int Count => _gains.Count;

    /// <summary>The gain, or 0 when the hormone does not react to the stimulus.</summary>
    public double GainOf(string hormone, string stimulus) => _gains.GetValueOrDefault((hormone, stimulus));

    public bool Reacts(string hormone, string stimulus) => _gains.ContainsKey((hormone, stimulus));

    /// <summary>The hormones a stimulus moves, with their gains, ordered by hormone.</summary>
    public IEnumerable<(string Hormone, double Gain)> For(string stimulus) =>
        _gains.Where(kv => kv.Key.Stimulus == stimulus).Select(kv => (kv.Key.Hormone, kv.Value));

    /// <summary>A copy with one gain set (added when new).</summary>
    public GainTable With(string hormone, string stimulus, double gain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hormone);
        ArgumentException.ThrowIfNullOrWhiteSpace(stimulus);
        if (!double.IsFinite(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "A gain must be a finite number.");
        }

        return new GainTable(_gains.SetItem((hormone, stimulus), gain));
    }

    /// <summary>A copy without the entry: the hormone stops reacting to the stimulus.</summary>
    public GainTable Without(string hormone, string stimulus) => new(_gains.Remove((hormone, stimulus)));

    private sealed class KeyOrder : IComparer<(string Hormone, string Stimulus)>
    {
        public static KeyOrder Instance { get; } = new();

        public int Compare((string Hormone, string Stimulus) x, (string Hormone, string Stimulus) y)
        {
            var byHormone = string.CompareOrdinal(x.Hormone, y.Hormone);
            return byHormone != 0 ? byHormone : string.CompareOrdinal(x.Stimulus, y.Stimulus);
        }
    }
}
