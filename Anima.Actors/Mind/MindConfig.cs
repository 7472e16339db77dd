using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Anima.Actors.Configuration;

namespace Anima.Actors.Mind;

/// <summary>
/// The hormones, read from <c>anima.mind.hormones</c> over the embedded defaults (<c>hocon/mind.hocon</c>).
/// Hormones are data: a new one is a config block, not code. Ordered by name.
/// </summary>
public sealed partial record MindConfig(IReadOnlyList<HormoneDefinition> Hormones)
{
    public const string HormonesPath = "anima.mind.hormones";

    private static readonly FrozenSet<string> HormoneKeys =
        FrozenSet.Create(StringComparer.Ordinal, "enabled", "baseline", "min", "max", "half-life", "stimuli", "voice", "channels");

    private static readonly FrozenSet<string> ChannelKeys = FrozenSet.Create(StringComparer.Ordinal, "inner-voice", "thinking-budget");

    /// <summary>The embedded <c>mind.hocon</c>.</summary>
    public static Config DefaultHocon { get; } = AnimaConfig.Embedded("mind.hocon");

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

    /// <summary>The configured gains, as the table the mind runs on.</summary>
    public GainTable Gains() => GainTable.From(Hormones);

    /// <summary>Reads <c>anima.mind</c>; anything invalid throws an <see cref="AnimaConfigException"/> naming its key.</summary>
    public static MindConfig Parse(Config config)
    {
        var merged = (config ?? ConfigurationFactory.Empty).WithFallback(DefaultHocon);
        var names = ObjectKeys(merged, HormonesPath);
        var hormones = names
            .Order(StringComparer.Ordinal)
            .Select(name => ParseHormone(merged, name))
            .OfType<HormoneDefinition>()
            .ToList();
        return new MindConfig(hormones);
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

        var unknown = ObjectKeys(config, path).FirstOrDefault(k => !HormoneKeys.Contains(k));
        if (unknown is not null)
        {
            throw Invalid($"{path}.{unknown}", $"is not a hormone setting (known: {string.Join(", ", HormoneKeys.Order())})");
        }

        if (!Read(config, $"{path}.enabled", true, (c, p) => c.GetBoolean(p), "on or off"))
        {
            return null;
        }

        var min = Read(config, $"{path}.min", 0d, (c, p) => c.GetDouble(p), "a number");
        var max = Read(config, $"{path}.max", 100d, (c, p) => c.GetDouble(p), "a number");
        if (!double.IsFinite(min) || !double.IsFinite(max) || min >= max)
        {
            throw Invalid($"{path}.max", $"must be above {path}.min ({Show(min)})");
        }

        var baseline = Read(config, $"{path}.baseline", min, (c, p) => c.GetDouble(p), "a number");
        if (baseline < min || baseline > max)
        {
            throw Invalid($"{path}.baseline", $"must lie between min and max ({Show(min)}..{Show(max)})");
        }

        if (!config.HasPath($"{path}.half-life"))
        {
            throw Invalid($"{path}.half-life", "is missing: how long until the excess over baseline halves (e.g. 10m)");
        }

        var halfLife = Read(config, $"{path}.half-life", TimeSpan.Zero, (c, p) => c.GetTimeSpan(p), "a duration such as 10m");
        if (halfLife <= TimeSpan.Zero)
        {
            throw Invalid($"{path}.half-life", "must be a positive duration such as 10m");
        }

        return new HormoneDefinition(
            name,
            baseline,
            min,
            max,
            halfLife,
            ParseStimuli(config, $"{path}.stimuli"),
            ParseVoice(config, $"{path}.voice", min, max),
            ParseChannelEnabled(config, $"{path}.channels", "inner-voice"),
            ParseThinkingBudget(config, $"{path}.channels"));
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

            var gain = Read(config, key, 0d, (c, p) => c.GetDouble(p), "a number (the gain)");
            stimuli[stimulus] = double.IsFinite(gain) ? gain : throw Invalid(key, "must be a finite number");
        }

        return stimuli;
    }

    private static List<VoiceLine> ParseVoice(Config config, string path, double min, double max)
    {
        if (!config.HasPath(path))
        {
            return [];
        }

        var value = config.GetValue(path);
        if (!value.IsArray())
        {
            throw Invalid(path, "must be a list such as [ { from = 10, text = \"Hmm, that didn't work\" } ]");
        }

        var lines = new List<VoiceLine>();
        var items = value.GetArray();
        for (var i = 0; i < items.Count; i++)
        {
            var key = $"{path}[{i}]";
            if (!items[i].IsObject())
            {
                throw Invalid(key, "must be { from = <level>, text = \"…\" }");
            }

            var fields = items[i].GetObject().Items;
            var from = fields.TryGetValue("from", out var fromValue) ? Number(fromValue, $"{key}.from") : throw Invalid($"{key}.from", "is missing");
            var text = fields.TryGetValue("text", out var textValue) ? textValue.GetString()?.Trim() : throw Invalid($"{key}.text", "is missing");
            if (string.IsNullOrWhiteSpace(text))
            {
                throw Invalid($"{key}.text", "must not be empty");
            }

            if (text.Any(char.IsDigit))
            {
                throw Invalid($"{key}.text", "must not contain digits: the voice is a feeling, never a number");
            }

            if (from < min || from > max)
            {
                throw Invalid($"{key}.from", $"must lie between min and max ({Show(min)}..{Show(max)})");
            }

            if (lines.Count > 0 && from <= lines[^1].From)
            {
                throw Invalid($"{key}.from", $"must be above the line before it ({Show(lines[^1].From)}): list the voice from low to high");
            }

            lines.Add(new VoiceLine(from, text));
        }

        return lines;
    }

    private static bool ParseChannelEnabled(Config config, string channelsPath, string channel)
    {
        var unknown = ObjectKeys(config, channelsPath).FirstOrDefault(k => !ChannelKeys.Contains(k));
        if (unknown is not null)
        {
            throw Invalid($"{channelsPath}.{unknown}", $"is not a channel (known: {string.Join(", ", ChannelKeys.Order())})");
        }

        var path = $"{channelsPath}.{channel}";
        return config.HasPath(path) && Read(config, $"{path}.enabled", true, (c, p) => c.GetBoolean(p), "on or off");
    }

    private static double? ParseThinkingBudget(Config config, string channelsPath)
    {
        if (!ParseChannelEnabled(config, channelsPath, "thinking-budget"))
        {
            return null;
        }

        var key = $"{channelsPath}.thinking-budget.divisor";
        if (!config.HasPath(key))
        {
            throw Invalid(key, "is missing: the budget grows by level / divisor (e.g. 50)");
        }

        var divisor = Read(config, key, 0d, (c, p) => c.GetDouble(p), "a number");
        return double.IsFinite(divisor) && divisor > 0 ? divisor : throw Invalid(key, "must be a number above 0");
    }

    /// <summary>The keys of the block at <paramref name="path"/>; none when it is absent.</summary>
    private static IEnumerable<string> ObjectKeys(Config config, string path)
    {
        if (!config.HasPath(path))
        {
            return [];
        }

        var value = config.GetValue(path);
        return value.IsObject() ? value.GetObject().Items.Keys.ToList() : throw Invalid(path, "must be a block { … }");
    }

    private static T Read<T>(Config config, string path, T fallback, Func<Config, string, T> read, string expected)
    {
        if (!config.HasPath(path))
        {
            return fallback;
        }

        try
        {
            return read(config, path);
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            throw new AnimaConfigException($"{path} = {Raw(config, path)} is not {expected}.", ex);
        }
    }

    private static double Number(HoconValue value, string path)
    {
        try
        {
            return value.GetDouble();
        }
        catch (Exception ex)
        {
            throw new AnimaConfigException($"{path} = {value} is not a number.", ex);
        }
    }

    private static string Raw(Config config, string path)
    {
        try
        {
            return config.GetValue(path)?.ToString() ?? "(empty)";
        }
        catch (Exception)
        {
            return "(unreadable)";
        }
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static AnimaConfigException Invalid(string path, string problem) => new($"{path} {problem}.");

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
