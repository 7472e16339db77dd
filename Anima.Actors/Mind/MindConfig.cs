using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Anima.Actors.Runtime;
using Anima.Client.Configuration;
using static Anima.Actors.Mind.MindConfigReader;

namespace Anima.Actors.Mind;

/// <summary>
/// The mind, read from <c>anima.mind</c> over the embedded defaults (<c>hocon/mind.hocon</c>): hormones (ordered by
/// name), the blended voices, desires, channels, appraisal, recall and Psyche's rules. All of it is data: a new
/// hormone is a config block, not code.
/// </summary>
public sealed partial record MindConfig(
    IReadOnlyList<HormoneDefinition> Hormones,
    bool Enabled,
    int MaxVoiceLines,
    IReadOnlyList<VoiceBlend> Blends,
    int MaxDesires,
    IReadOnlyList<Desire> Desires,
    MindChannels Channels,
    AppraisalSettings Appraisal,
    double RecallGain,
    PsycheSettings Psyche)
{
    public const string Path = "anima.mind";
    public const string HormonesPath = "anima.mind.hormones";
    public const string EpisodesPath = "anima.mind.psyche.episodes";

    private static readonly FrozenSet<string> MindKeys =
        FrozenSet.Create(StringComparer.Ordinal, "enabled", "hormones", "voice", "desires", "channels", "appraisal", "recall", "psyche");

    private static readonly FrozenSet<string> HormoneKeys =
        FrozenSet.Create(StringComparer.Ordinal, "enabled", "baseline", "min", "max", "half-life", "stimuli", "voice", "channels");

    private static readonly FrozenSet<string> ChannelKeys = FrozenSet.Create(StringComparer.Ordinal, "inner-voice", "thinking-budget", "tool-rounds");

    private static readonly FrozenSet<string> AppraisalKeys = FrozenSet.Create(
        StringComparer.Ordinal, "model", "max-tokens", "timeout", "attempts", "long-silence", "repeated-failure", "novelty-overlap", "lexicon");

    private static readonly FrozenSet<string> EpisodeKeys = FrozenSet.Create(StringComparer.Ordinal, "first", "then", "within", "adjust");

    /// <summary>The embedded <c>mind.hocon</c>.</summary>
    public static Config DefaultHocon { get; } = EmbeddedConfig.Read("mind.hocon");

    /// <summary>The embedded defaults alone.</summary>
    public static MindConfig Defaults { get; } = Parse(ConfigurationFactory.Empty);

    /// <remarks>Asked for every event the mind feels: a loop over a handful, with no delegate to allocate.</remarks>
    public HormoneDefinition? Find(string hormone)
    {
        foreach (var definition in Hormones)
        {
            if (definition.Name == hormone)
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>The configured gains, as the table the mind runs on: the seed of Psyche's matrix.</summary>
    public GainTable Gains() => GainTable.From(Hormones);

    /// <summary>Reads <c>anima.mind</c>; anything invalid throws an <see cref="AnimaConfigException"/> naming its key.</summary>
    public static MindConfig Parse(Config config)
    {
        var merged = (config ?? ConfigurationFactory.Empty).WithFallback(DefaultHocon);
        OnlyKnownKeys(merged, Path, MindKeys, "a setting of the mind");
        var hormones = ObjectKeys(merged, HormonesPath)
            .Order(StringComparer.Ordinal)
            .Select(name => ParseHormone(merged, name))
            .OfType<HormoneDefinition>()
            .ToList();
        var names = new HormoneNames(
            hormones.Select(h => h.Name).ToFrozenSet(StringComparer.Ordinal),
            ObjectKeys(merged, HormonesPath).ToFrozenSet(StringComparer.Ordinal));

        OnlyKnownKeys(merged, $"{Path}.voice", ["max-lines", "blends"], "a voice setting");
        OnlyKnownKeys(merged, $"{Path}.desires", ["max", "list"], "a desires setting");
        OnlyKnownKeys(merged, $"{Path}.recall", ["gain"], "a recall setting");
        var recallGain = Double(merged, $"{Path}.recall.gain", 0.15);
        if (recallGain is < 0 or > 1)
        {
            throw Invalid($"{Path}.recall.gain", "must lie between 0 and 1 (the share of the way to the remembered level)");
        }

        return new MindConfig(
            hormones,
            Boolean(merged, $"{Path}.enabled", true),
            Whole(merged, $"{Path}.voice.max-lines", 4, atLeast: 1),
            [.. Blocks(merged, $"{Path}.voice.blends", "[ { text = \"…\", when { cortisol.at-least = 40 } } ]")
                .Select((block, i) => new VoiceBlend(Conditions(block, $"{Path}.voice.blends[{i}]", names), FeltText(block, $"{Path}.voice.blends[{i}]")))],
            Whole(merged, $"{Path}.desires.max", 3, atLeast: 0),
            [.. Blocks(merged, $"{Path}.desires.list", "[ { text = \"…\", when { dopamine.at-least = 65 } } ]")
                .Select((block, i) => ParseDesire(block, $"{Path}.desires.list[{i}]", names))],
            ParseChannels(merged),
            ParseAppraisal(merged),
            recallGain,
            ParsePsyche(merged, names));
    }

    private static HormoneDefinition? ParseHormone(Config config, string name)
    {
        var path = $"{HormonesPath}.{name}";
        if (!NamePattern().IsMatch(name))
        {
            throw Invalid(path, "is not a hormone name: use lower-case letters, digits and dashes (e.g. cortisol)");
        }

        if (!config.GetValue(path).IsObject())
        {
            throw Invalid(path, "must be a block { … }");
        }

        OnlyKnownKeys(config, path, HormoneKeys, "a hormone setting");
        if (!Boolean(config, $"{path}.enabled", true))
        {
            return null;
        }

        var min = Double(config, $"{path}.min", 0);
        var max = Double(config, $"{path}.max", 100);
        if (min >= max)
        {
            throw Invalid($"{path}.max", $"must be above {path}.min ({Show(min)})");
        }

        var baseline = Double(config, $"{path}.baseline", min);
        if (baseline < min || baseline > max)
        {
            throw Invalid($"{path}.baseline", $"must lie between min and max ({Show(min)}..{Show(max)})");
        }

        if (!config.HasPath($"{path}.half-life"))
        {
            throw Invalid($"{path}.half-life", "is missing: how long until the excess over baseline halves (e.g. 10m)");
        }

        var channels = $"{path}.channels";
        OnlyKnownKeys(config, channels, ChannelKeys, "a channel");
        return new HormoneDefinition(
            name,
            baseline,
            min,
            max,
            Duration(config, $"{path}.half-life", TimeSpan.Zero),
            ParseStimuli(config, $"{path}.stimuli"),
            ParseVoice(config, $"{path}.voice", min, max),
            ChannelEnabled(config, $"{channels}.inner-voice"),
            ChannelDivisor(config, $"{channels}.thinking-budget", "the budget grows by (level - baseline) / divisor (e.g. 50)", positive: true),
            ChannelDivisor(config, $"{channels}.tool-rounds", "the rounds move by (level - baseline) / divisor (e.g. -120: stress allows fewer)", positive: false));
    }

    private static Dictionary<string, double> ParseStimuli(Config config, string path)
    {
        var stimuli = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var stimulus in ObjectKeys(config, path))
        {
            var key = $"{path}.{stimulus}";
            if (!Stimulus.Known.Contains(stimulus))
            {
                throw Invalid(key, $"is not a known stimulus (known: {string.Join(", ", Stimulus.Known.Order())})");
            }

            stimuli[stimulus] = Read(config, key, 0d, (c, p) => c.GetDouble(p), "a number (the gain)") is var gain && double.IsFinite(gain)
                ? gain
                : throw Invalid(key, "must be a finite number");
        }

        return stimuli;
    }

    /// <summary>The <c>from</c> lines strictly ascending, the <c>below</c> lines strictly descending, in that order.</summary>
    private static List<VoiceLine> ParseVoice(Config config, string path, double min, double max)
    {
        var blocks = Blocks(config, path, "[ { from = 10, text = \"Hmm, that didn't work\" } ]");
        var rising = new List<VoiceLine>();
        var falling = new List<VoiceLine>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var key = $"{path}[{i}]";
            var fields = blocks[i].Items;
            var text = FeltText(blocks[i], key);
            var hasFrom = fields.TryGetValue("from", out var fromValue);
            var hasBelow = fields.TryGetValue("below", out var belowValue);
            if (hasFrom == hasBelow)
            {
                throw Invalid($"{key}.from", "is missing: give a line either from = <level> (felt at or above it) or below = <level>");
            }

            var level = hasFrom ? Number(fromValue!, $"{key}.from") : Number(belowValue!, $"{key}.below");
            var field = hasFrom ? "from" : "below";
            if (level < min || level > max)
            {
                throw Invalid($"{key}.{field}", $"must lie between min and max ({Show(min)}..{Show(max)})");
            }

            if (hasFrom)
            {
                if (rising.Count > 0 && level <= rising[^1].From)
                {
                    throw Invalid($"{key}.from", $"must be above the line before it ({Show(rising[^1].From)}): list the voice from low to high");
                }

                rising.Add(new VoiceLine(level, text));
            }
            else
            {
                if (falling.Count > 0 && level >= falling[^1].Below)
                {
                    throw Invalid($"{key}.below", $"must be under the below line before it ({Show(falling[^1].Below!.Value)}): list below lines from high to low");
                }

                falling.Add(new VoiceLine(min, text, level));
            }
        }

        return [.. rising, .. falling];
    }

    private static bool ChannelEnabled(Config config, string path) => config.HasPath(path) && Boolean(config, $"{path}.enabled", true);

    private static double? ChannelDivisor(Config config, string path, string hint, bool positive)
    {
        if (!ChannelEnabled(config, path))
        {
            return null;
        }

        var key = $"{path}.divisor";
        if (!config.HasPath(key))
        {
            throw Invalid(key, $"is missing: {hint}");
        }

        var divisor = Double(config, key, 0);
        return positive
            ? divisor > 0 ? divisor : throw Invalid(key, "must be a number above 0")
            : divisor != 0 ? divisor : throw Invalid(key, "must not be 0 (negative: the level lowers it)");
    }

    private static Desire ParseDesire(HoconObject block, string path, HormoneNames hormones)
    {
        var weight = block.Items.TryGetValue("weight", out var value) ? Number(value, $"{path}.weight") : 1;
        return weight > 0
            ? new Desire(Conditions(block, path, hormones), FeltText(block, path), weight)
            : throw Invalid($"{path}.weight", "must be above 0");
    }

    /// <summary><c>when { cortisol.at-least = 40, serotonin.below = 30 }</c>: at least one condition, each on a configured hormone.</summary>
    private static List<LevelCondition> Conditions(HoconObject block, string path, HormoneNames hormones)
    {
        if (!block.Items.TryGetValue("when", out var when) || !when.IsObject() || when.GetObject().Items.Count == 0)
        {
            throw Invalid($"{path}.when", "is missing: say when it is felt, e.g. when { cortisol.at-least = 60 }");
        }

        var conditions = new List<LevelCondition>();
        foreach (var (hormone, bounds) in when.GetObject().Items)
        {
            var key = $"{path}.when.{hormone}";
            if (!hormones.Configured.Contains(hormone))
            {
                throw Invalid(key, $"is not a hormone (configured: {string.Join(", ", hormones.Configured.Order(StringComparer.Ordinal))})");
            }

            if (!hormones.Enabled.Contains(hormone))
            {
                // A hormone switched off is never felt: the entry that needs it stays silent.
                conditions.Add(new LevelCondition(hormone, double.PositiveInfinity, null));
                continue;
            }

            if (!bounds.IsObject() || bounds.GetObject().Items.Keys.FirstOrDefault(k => k is not ("at-least" or "below")) is { } unknown)
            {
                throw Invalid(key, "must be { at-least = <level> } or { below = <level> } (or both)");
            }

            var items = bounds.GetObject().Items;
            conditions.Add(new LevelCondition(
                hormone,
                items.TryGetValue("at-least", out var low) ? Number(low, $"{key}.at-least") : null,
                items.TryGetValue("below", out var high) ? Number(high, $"{key}.below") : null));
        }

        return conditions;
    }

    private static MindChannels ParseChannels(Config config)
    {
        var path = $"{Path}.channels";
        OnlyKnownKeys(config, path, ["thinking-budget", "tool-rounds"], "a channel setting");
        OnlyKnownKeys(config, $"{path}.thinking-budget", ["step"], "a thinking-budget setting");
        OnlyKnownKeys(config, $"{path}.tool-rounds", ["min", "last-round-want"], "a tool-rounds setting");
        var want = config.HasPath($"{path}.tool-rounds.last-round-want") ? Text(config, $"{path}.tool-rounds.last-round-want", string.Empty) : null;
        if (want is not null && want.Any(char.IsDigit))
        {
            throw Invalid($"{path}.tool-rounds.last-round-want", "must not contain digits: a want is a feeling, never a number");
        }

        return new MindChannels(
            Whole(config, $"{path}.thinking-budget.step", 1024, atLeast: 1),
            Whole(config, $"{path}.tool-rounds.min", 3, atLeast: 1),
            want);
    }

    private static AppraisalSettings ParseAppraisal(Config config)
    {
        var path = $"{Path}.appraisal";
        OnlyKnownKeys(config, path, AppraisalKeys, "an appraisal setting");
        var model = Read(config, $"{path}.model", "off", (c, p) => c.GetString(p), "a model name or off")?.Trim();
        var lexicon = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var stimulus in ObjectKeys(config, $"{path}.lexicon"))
        {
            if (!Stimulus.OfMessages.Contains(stimulus))
            {
                throw Invalid($"{path}.lexicon.{stimulus}", $"is not what a message can be appraised as (known: {string.Join(", ", Stimulus.OfMessages.Order())})");
            }

            lexicon[stimulus] = [.. Strings(config, $"{path}.lexicon.{stimulus}").Select(phrase => phrase.ToLowerInvariant())];
        }

        var overlap = Double(config, $"{path}.novelty-overlap", 0.1);
        return new AppraisalSettings(
            model is null or "" or "off" or "false" or "no" ? null : model,
            Whole(config, $"{path}.max-tokens", 300, atLeast: 16),
            Duration(config, $"{path}.timeout", TimeSpan.FromSeconds(20)),
            Whole(config, $"{path}.attempts", 3, atLeast: 1),
            Duration(config, $"{path}.long-silence", TimeSpan.FromHours(4)),
            Whole(config, $"{path}.repeated-failure", 3, atLeast: 2),
            overlap is >= 0 and <= 1 ? overlap : throw Invalid($"{path}.novelty-overlap", "must lie between 0 and 1"),
            lexicon);
    }

    private static PsycheSettings ParsePsyche(Config config, HormoneNames hormones)
    {
        var path = $"{Path}.psyche";
        OnlyKnownKeys(config, path, ["learning-rate", "max-drift", "episodes"], "a psyche setting");
        var rate = Double(config, $"{path}.learning-rate", 0.05);
        var drift = Double(config, $"{path}.max-drift", 0.5);
        if (rate is < 0 or > 1)
        {
            throw Invalid($"{path}.learning-rate", "must lie between 0 and 1 (a share of the seed gain)");
        }

        if (drift is < 0 or >= 1)
        {
            throw Invalid($"{path}.max-drift", "must be at least 0 and below 1 (a share of the seed gain; a gain never crosses zero)");
        }

        var episodes = new List<EpisodeRule>();
        foreach (var name in ObjectKeys(config, EpisodesPath).Order(StringComparer.Ordinal))
        {
            var key = $"{EpisodesPath}.{name}";
            if (!NamePattern().IsMatch(name))
            {
                throw Invalid(key, "is not an episode name: use lower-case letters, digits and dashes");
            }

            OnlyKnownKeys(config, key, EpisodeKeys, "an episode setting");
            var adjust = new List<GainAdjustment>();
            foreach (var hormone in ObjectKeys(config, $"{key}.adjust").Order(StringComparer.Ordinal))
            {
                if (!hormones.Configured.Contains(hormone))
                {
                    throw Invalid($"{key}.adjust.{hormone}", $"is not a hormone (configured: {string.Join(", ", hormones.Configured.Order(StringComparer.Ordinal))})");
                }

                var known = hormones.Enabled.Contains(hormone);
                foreach (var stimulus in ObjectKeys(config, $"{key}.adjust.{hormone}").Order(StringComparer.Ordinal))
                {
                    var direction = Read(config, $"{key}.adjust.{hormone}.{stimulus}", string.Empty, (c, p) => c.GetString(p), "stronger or weaker") switch
                    {
                        "stronger" => 1,
                        "weaker" => -1,
                        _ => throw Invalid($"{key}.adjust.{hormone}.{stimulus}", "must be stronger or weaker"),
                    };
                    if (!Stimulus.Known.Contains(stimulus))
                    {
                        throw Invalid($"{key}.adjust.{hormone}.{stimulus}", $"is not a known stimulus (known: {string.Join(", ", Stimulus.Known.Order())})");
                    }

                    if (known)
                    {
                        adjust.Add(new GainAdjustment(hormone, stimulus, direction));
                    }
                }
            }

            episodes.Add(new EpisodeRule(
                name,
                KnownStimulus(config, $"{key}.first"),
                KnownStimulus(config, $"{key}.then"),
                Duration(config, $"{key}.within", TimeSpan.FromMinutes(30)),
                adjust));
        }

        return new PsycheSettings(rate, drift, episodes);
    }

    private static string KnownStimulus(Config config, string path)
    {
        if (!config.HasPath(path))
        {
            throw Invalid(path, "is missing: name a stimulus (e.g. repeated-failure)");
        }

        var stimulus = Text(config, path, string.Empty);
        return Stimulus.Known.Contains(stimulus)
            ? stimulus
            : throw Invalid(path, $"is not a known stimulus (known: {string.Join(", ", Stimulus.Known.Order())})");
    }

    /// <summary>The hormones switched on, and every one configured (a name outside both is a typo).</summary>
    private sealed record HormoneNames(FrozenSet<string> Enabled, FrozenSet<string> Configured);

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
