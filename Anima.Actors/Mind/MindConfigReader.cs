using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Anima.Client.Configuration;

namespace Anima.Actors.Mind;

/// <summary>Reading <c>anima.mind</c>: every value checked, every problem an <see cref="AnimaConfigException"/> naming its key.</summary>
internal static class MindConfigReader
{
    /// <summary>The keys of the block at <paramref name="path"/>; none when it is absent.</summary>
    public static IReadOnlyList<string> ObjectKeys(Config config, string path)
    {
        if (!config.HasPath(path))
        {
            return [];
        }

        var value = config.GetValue(path);
        return value.IsObject() ? value.GetObject().Items.Keys.ToList() : throw Invalid(path, "must be a block { … }");
    }

    /// <summary>Fails on the first key of the block that is not in <paramref name="known"/>.</summary>
    public static void OnlyKnownKeys(Config config, string path, IReadOnlyCollection<string> known, string what)
    {
        var unknown = ObjectKeys(config, path).FirstOrDefault(k => !known.Contains(k));
        if (unknown is not null)
        {
            throw Invalid($"{path}.{unknown}", $"is not {what} (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        }
    }

    public static T Read<T>(Config config, string path, T fallback, Func<Config, string, T> read, string expected)
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

    public static double Double(Config config, string path, double fallback)
    {
        var value = Read(config, path, fallback, (c, p) => c.GetDouble(p), "a number");
        return double.IsFinite(value) ? value : throw Invalid(path, "must be a finite number");
    }

    public static bool Boolean(Config config, string path, bool fallback) =>
        Read(config, path, fallback, (c, p) => c.GetBoolean(p), "on or off");

    public static int Whole(Config config, string path, int fallback, int atLeast)
    {
        var value = Read(config, path, fallback, (c, p) => c.GetInt(p), "a whole number");
        return value >= atLeast ? value : throw Invalid(path, $"must be at least {atLeast}");
    }

    public static TimeSpan Duration(Config config, string path, TimeSpan fallback)
    {
        var value = Read(config, path, fallback, (c, p) => c.GetTimeSpan(p), "a duration such as 10m");
        return value > TimeSpan.Zero ? value : throw Invalid(path, "must be a positive duration such as 10m");
    }

    public static string Text(Config config, string path, string fallback)
    {
        var value = Read(config, path, fallback, (c, p) => c.GetString(p), "a string")?.Trim();
        return string.IsNullOrEmpty(value) ? throw Invalid(path, "must not be empty") : value;
    }

    /// <summary>The list at <paramref name="path"/>, each item a block; none when absent.</summary>
    public static IReadOnlyList<HoconObject> Blocks(Config config, string path, string example)
    {
        if (!config.HasPath(path))
        {
            return [];
        }

        var value = config.GetValue(path);
        if (!value.IsArray())
        {
            throw Invalid(path, $"must be a list such as {example}");
        }

        var items = value.GetArray();
        var blocks = new List<HoconObject>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            blocks.Add(items[i].IsObject() ? items[i].GetObject() : throw Invalid($"{path}[{i}]", $"must be a block such as {example}"));
        }

        return blocks;
    }

    public static IReadOnlyList<string> Strings(Config config, string path)
    {
        if (!config.HasPath(path))
        {
            return [];
        }

        var value = config.GetValue(path);
        if (!value.IsArray())
        {
            throw Invalid(path, "must be a list of strings such as [\"well done\", \"thanks\"]");
        }

        return value.GetArray().Select((item, i) => item.GetString()?.Trim() is { Length: > 0 } text
            ? text
            : throw Invalid($"{path}[{i}]", "must be a non-empty string")).ToList();
    }

    public static double Number(HoconValue value, string path)
    {
        try
        {
            var number = value.GetDouble();
            return double.IsFinite(number) ? number : throw Invalid(path, "must be a finite number");
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            throw new AnimaConfigException($"{path} = {value} is not a number.", ex);
        }
    }

    /// <summary>A felt line: not empty, never a number (the model never sees levels).</summary>
    public static string FeltText(HoconObject block, string path)
    {
        var text = block.Items.TryGetValue("text", out var value) ? value.GetString()?.Trim() : throw Invalid($"{path}.text", "is missing");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid($"{path}.text", "must not be empty");
        }

        return text.Any(char.IsDigit)
            ? throw Invalid($"{path}.text", "must not contain digits: the voice is a feeling, never a number")
            : text;
    }

    public static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static AnimaConfigException Invalid(string path, string problem) => new($"{path} {problem}.");

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
}
