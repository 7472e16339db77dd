using System.Collections.Immutable;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// A session's hormones: each level and when it was set. Immutable and pure: <see cref="React"/> decides
/// what an event changes, <see cref="Apply(HormoneChanged)"/> evolves the state from a journaled change,
/// and every read decays from the stored timestamps to the time asked, so a restarted brain feels the same.
/// </summary>
public sealed class MindState
{
    private readonly ImmutableDictionary<string, HormoneLevel> _levels;

    private MindState(MindConfig config, ImmutableDictionary<string, HormoneLevel> levels)
    {
        Config = config;
        _levels = levels;
    }

    public MindConfig Config { get; }

    /// <summary>The stored levels (not decayed), by hormone.</summary>
    public IReadOnlyDictionary<string, HormoneLevel> Levels => _levels;

    /// <summary>Every hormone at its baseline.</summary>
    public static MindState Initial(MindConfig config) =>
        new(config, config.Hormones.ToImmutableDictionary(h => h.Name, h => new HormoneLevel(h.Baseline, DateTimeOffset.MinValue)));

    /// <summary>The exact level at <paramref name="now"/>: baseline + (level − baseline) × 0.5^(elapsed / half-life).</summary>
    public double Level(string hormone, DateTimeOffset now)
    {
        var definition = Definition(hormone);
        var stored = _levels[hormone];
        return definition.Decay(stored.Level, now - stored.At);
    }

    /// <summary>
    /// The level as felt, rounded to the nearest whole number (halves away from zero): what the channels read,
    /// so a fresh +10 still speaks a second later instead of decaying to 9.99 below the first threshold.
    /// </summary>
    public int Felt(string hormone, DateTimeOffset now) => (int)Math.Round(Level(hormone, now), MidpointRounding.AwayFromZero);

    /// <summary>Every level decayed to <paramref name="now"/> and stamped with it (decay composes, so nothing changes but the form).</summary>
    public MindState Decayed(DateTimeOffset now) =>
        new(Config, _levels.ToImmutableDictionary(kv => kv.Key, kv => new HormoneLevel(Level(kv.Key, now), now)));

    /// <summary>
    /// What a session event changes: for each stimulus it carries, each hormone with a gain decays to the event's
    /// time, moves by its gain and is clamped. A move the clamp swallows whole (frustration already at 0) yields
    /// no change. Times earlier than a hormone's last change count as no time passed.
    /// </summary>
    public IReadOnlyList<HormoneChanged> React(string sessionId, ISessionEvent sessionEvent, GainTable gains) =>
        React(sessionId, sessionEvent, gains, sessionEvent.At);

    /// <summary>As above, felt at <paramref name="at"/>: the mind's own clock, on which it also decays.</summary>
    public IReadOnlyList<HormoneChanged> React(string sessionId, ISessionEvent sessionEvent, GainTable gains, DateTimeOffset at)
    {
        var changes = new List<HormoneChanged>();
        var state = this;
        foreach (var stimulus in Stimulus.Of(sessionEvent))
        {
            var (next, caused) = state.Stimulate(sessionId, stimulus, at, gains);
            changes.AddRange(caused);
            state = next;
        }

        return changes;
    }

    /// <summary>One stimulus at <paramref name="at"/>: decay, add the gain, clamp.</summary>
    public MindState Apply(string stimulus, DateTimeOffset at, GainTable gains) => Stimulate(string.Empty, stimulus, at, gains).State;

    /// <summary>
    /// What one stimulus changes (an appraised one: praise, a long silence…): each hormone with a gain for it decays to
    /// <paramref name="at"/>, moves by its gain and is clamped; the changes carry <paramref name="reason"/>.
    /// </summary>
    public IReadOnlyList<HormoneChanged> React(string sessionId, string stimulus, DateTimeOffset at, GainTable gains, long sourceSeq, string? reason) =>
        [.. Stimulate(sessionId, stimulus, at, gains).Changes.Select(change => change with { SourceSeq = sourceSeq, Reason = reason })];

    /// <summary>
    /// A recalled memory's feeling touches the present: every hormone it remembers moves <paramref name="gain"/> of the
    /// way from its level now toward the remembered one (hormones no longer configured are ignored).
    /// </summary>
    public IReadOnlyList<HormoneChanged> Recall(string sessionId, IReadOnlyDictionary<string, double> remembered, double gain, DateTimeOffset at, string reason)
    {
        var changes = new List<HormoneChanged>();
        foreach (var definition in Config.Hormones)
        {
            if (!remembered.TryGetValue(definition.Name, out var then) || !double.IsFinite(then))
            {
                continue;
            }

            var stored = _levels[definition.Name];
            var now = definition.Decay(stored.Level, at - stored.At);
            var level = definition.Clamp(now + gain * (definition.Clamp(then) - now));
            if (Math.Abs(level - now) < 1e-9)
            {
                continue;
            }

            changes.Add(new HormoneChanged(sessionId, definition.Name, level, level - now, Stimulus.RecalledFeeling, at > stored.At ? at : stored.At, 0, reason));
        }

        return changes;
    }

    /// <summary>A journaled change: the hormone stood at its level at its time. Hormones no longer configured are ignored.</summary>
    public MindState Apply(HormoneChanged change) =>
        _levels.ContainsKey(change.Hormone)
            ? new MindState(Config, _levels.SetItem(change.Hormone, new HormoneLevel(change.Level, change.At)))
            : this;

    /// <summary>Restores a snapshot over this state.</summary>
    public MindState Apply(MindSnapshot snapshot) => snapshot.Levels.Aggregate(this, (state, change) => state.Apply(change));

    /// <summary>The latest level of every hormone away from its initial state, for a snapshot.</summary>
    public MindSnapshot ToSnapshot(string sessionId) => new(
        sessionId,
        [.. Config.Hormones
            .Where(h => _levels[h.Name].At != DateTimeOffset.MinValue)
            .Select(h => new HormoneChanged(sessionId, h.Name, _levels[h.Name].Level, 0, "snapshot", _levels[h.Name].At))]);

    private (MindState State, IReadOnlyList<HormoneChanged> Changes) Stimulate(
        string sessionId, string stimulus, DateTimeOffset at, GainTable gains)
    {
        var levels = _levels;
        var changes = new List<HormoneChanged>();
        foreach (var (hormone, gain) in gains.For(stimulus))
        {
            if (Config.Find(hormone) is not { } definition || !levels.TryGetValue(hormone, out var stored))
            {
                continue;
            }

            var decayed = definition.Decay(stored.Level, at - stored.At);
            var level = definition.Clamp(decayed + gain);
            var delta = level - decayed;
            if (Math.Abs(delta) < 1e-9)
            {
                continue;
            }

            var time = at > stored.At ? at : stored.At;
            levels = levels.SetItem(hormone, new HormoneLevel(level, time));
            changes.Add(new HormoneChanged(sessionId, hormone, level, delta, stimulus, time));
        }

        return (new MindState(Config, levels), changes);
    }

    private HormoneDefinition Definition(string hormone) =>
        Config.Find(hormone) ?? throw new KeyNotFoundException($"No hormone '{hormone}' in anima.mind.hormones.");
}
