using System.Collections.Immutable;
using System.Globalization;
using Anima.Messages.Mind;

namespace Anima.Actors.Mind;

/// <summary>
/// Psyche, pure: the agent's gain matrix (one agent, one matrix across sessions), how it grows from episodes of
/// experience, and its history. <see cref="Observe"/> decides what a stimulus changes; <see cref="Apply(GainsAdjusted)"/>
/// and <see cref="Apply(GainsRolledBack)"/> evolve the state from journaled events, which carry absolute values, so
/// replaying the journal reproduces the matrix exactly.
/// </summary>
/// <remarks>
/// The rule: an episode (<see cref="EpisodeRule"/>: stimulus <c>first</c>, then <c>then</c> in the same session
/// within <c>within</c>) moves each gain it names one step of learning-rate × |seed| in magnitude, stronger or
/// weaker, and never further than max-drift × |seed| from the seed, nor across zero. Each <c>first</c> serves one
/// episode. The open episodes are memory only: one that spans a restart of the brain is not counted.
/// </remarks>
public sealed class PsycheState
{
    private PsycheState(
        PsycheSettings settings,
        GainTable seed,
        GainTable current,
        int version,
        ImmutableList<PsycheVersion> history,
        ImmutableDictionary<(string Session, string Episode), (DateTimeOffset At, string Cause)> open)
    {
        Settings = settings;
        Seed = seed;
        Current = current;
        Version = version;
        History = history;
        Open = open;
    }

    public PsycheSettings Settings { get; }

    /// <summary>The configured gains: where the agent started.</summary>
    public GainTable Seed { get; }

    public GainTable Current { get; }

    /// <summary>0 is the seed; every change is a new version.</summary>
    public int Version { get; }

    /// <summary>Every version after the seed, oldest first.</summary>
    public ImmutableList<PsycheVersion> History { get; }

    private ImmutableDictionary<(string Session, string Episode), (DateTimeOffset At, string Cause)> Open { get; }

    public static PsycheState Initial(MindConfig config)
    {
        var seed = config.Gains();
        return new PsycheState(config.Psyche, seed, seed, 0, [], ImmutableDictionary<(string, string), (DateTimeOffset, string)>.Empty);
    }

    /// <summary>
    /// What a stimulus changes: every episode it closes (rules by name) becomes a <see cref="GainsAdjusted"/>, in order,
    /// each a version; then it opens the episodes it starts. Returns the next state with those events applied.
    /// </summary>
    public (PsycheState State, IReadOnlyList<GainsAdjusted> Events) Observe(StimulusAppraised stimulus)
    {
        var state = this;
        var events = new List<GainsAdjusted>();
        foreach (var rule in Settings.Episodes)
        {
            if (rule.Then != stimulus.Stimulus || !state.Open.TryGetValue((stimulus.SessionId, rule.Name), out var opened))
            {
                continue;
            }

            var elapsed = stimulus.At - opened.At;
            state = state.Closing(stimulus.SessionId, rule.Name);
            if (elapsed < TimeSpan.Zero || elapsed > rule.Within)
            {
                continue;
            }

            var changes = state.Step(rule);
            if (changes.Count == 0)
            {
                continue;
            }

            var adjusted = new GainsAdjusted(
                state.Version + 1,
                rule.Name,
                stimulus.SessionId,
                $"{rule.First} ({opened.Cause}), then {rule.Then} ({stimulus.Cause}) {Elapsed(elapsed)} later",
                changes,
                stimulus.At);
            state = state.Apply(adjusted);
            events.Add(adjusted);
        }

        foreach (var rule in Settings.Episodes)
        {
            if (rule.First == stimulus.Stimulus)
            {
                state = state.WithOpen(state.Open.SetItem((stimulus.SessionId, rule.Name), (stimulus.At, stimulus.Cause)));
            }
        }

        return (state, events);
    }

    /// <summary>A journaled episode: its gains take their new values, and the matrix becomes its version.</summary>
    public PsycheState Apply(GainsAdjusted adjusted) =>
        With(adjusted.Changes, adjusted.Version, new PsycheVersion(adjusted.Version, "episode " + adjusted.Episode, adjusted.Cause, adjusted.SessionId, adjusted.Changes, adjusted.At));

    /// <summary>A journaled rollback, likewise.</summary>
    public PsycheState Apply(GainsRolledBack rolledBack) =>
        With(rolledBack.Changes, rolledBack.Version, new PsycheVersion(
            rolledBack.Version, "rollback", $"returned to version {rolledBack.ToVersion}", null, rolledBack.Changes, rolledBack.At));

    /// <summary>
    /// The rollback to <paramref name="version"/> (0: the seed) as an event, or the reason it cannot be: every gain
    /// takes the value it had then, as a new version. Null event when nothing differs.
    /// </summary>
    public (GainsRolledBack? Event, string? Refused) RollbackTo(int version, DateTimeOffset at)
    {
        if (version < 0 || version > Version)
        {
            return (null, $"There is no version {version.ToString(CultureInfo.InvariantCulture)} (the matrix is at version {Version.ToString(CultureInfo.InvariantCulture)}; 0 is the seed). See 'anima psyche history'.");
        }

        var then = History.TakeWhile(v => v.Version <= version)
            .SelectMany(v => v.Changes)
            .Aggregate(Seed, (table, change) => table.With(change.Hormone, change.Stimulus, change.To));
        var changes = Keys()
            .Select(key => new GainChange(key.Hormone, key.Stimulus, Current.GainOf(key.Hormone, key.Stimulus), then.GainOf(key.Hormone, key.Stimulus)))
            .Where(change => change.From != change.To)
            .ToList();
        return (changes.Count == 0 ? null : new GainsRolledBack(Version + 1, version, changes, at), null);
    }

    /// <summary>Every entry with its seed and its value now, ordered by hormone then stimulus.</summary>
    public IReadOnlyList<GainEntry> Entries() =>
        [.. Keys().Select(key => new GainEntry(key.Hormone, key.Stimulus, Seed.GainOf(key.Hormone, key.Stimulus), Current.GainOf(key.Hormone, key.Stimulus)))];

    public PsycheMatrix Matrix() => new(Version, Entries());

    public PsycheReport Report() => new(Version, Entries(), Settings.LearningRate, Settings.MaxDrift);

    /// <summary>The gains an episode moves, one step each; the bounds may leave some where they are.</summary>
    private List<GainChange> Step(EpisodeRule rule)
    {
        var changes = new List<GainChange>();
        foreach (var adjustment in rule.Adjust)
        {
            var seed = Seed.GainOf(adjustment.Hormone, adjustment.Stimulus);
            if (seed == 0)
            {
                // A hormone that does not react to the stimulus has nothing to scale.
                continue;
            }

            var from = Current.GainOf(adjustment.Hormone, adjustment.Stimulus);
            var size = Math.Abs(seed);
            var magnitude = Math.Clamp(
                Math.Abs(from) + (adjustment.Direction * Settings.LearningRate * size),
                size * (1 - Settings.MaxDrift),
                size * (1 + Settings.MaxDrift));
            var to = Math.Round(Math.CopySign(magnitude, seed), 6);
            if (to != from)
            {
                changes.Add(new GainChange(adjustment.Hormone, adjustment.Stimulus, from, to));
            }
        }

        return changes;
    }

    private IEnumerable<(string Hormone, string Stimulus)> Keys() =>
        Seed.Entries.Select(e => (e.Hormone, e.Stimulus))
            .Union(Current.Entries.Select(e => (e.Hormone, e.Stimulus)))
            .Order(KeyOrder.Instance);

    private PsycheState With(IReadOnlyList<GainChange> changes, int version, PsycheVersion entry) =>
        new(
            Settings,
            Seed,
            changes.Aggregate(Current, (table, change) => table.With(change.Hormone, change.Stimulus, change.To)),
            version,
            History.Add(entry),
            Open);

    private PsycheState Closing(string session, string episode) => WithOpen(Open.Remove((session, episode)));

    private PsycheState WithOpen(ImmutableDictionary<(string Session, string Episode), (DateTimeOffset At, string Cause)> open) =>
        new(Settings, Seed, Current, Version, History, open);

    private static string Elapsed(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromMinutes(1)
            ? $"{Math.Max(0, (int)elapsed.TotalSeconds)} s"
            : $"{(int)elapsed.TotalMinutes} min";

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
