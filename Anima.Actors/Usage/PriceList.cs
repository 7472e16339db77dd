using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Anima.Client.Configuration;

namespace Anima.Actors.Usage;

/// <summary>
/// The prices of <c>anima.usage.prices</c>, by model. A dated model id (<c>claude-haiku-4-5-20251001</c>) takes the
/// price of its alias when it has none of its own; a model with no price has none: its calls are shown unpriced,
/// never at a guessed rate.
/// </summary>
public sealed partial class PriceList
{
    public const string Path = "anima.usage.prices";

    private static readonly string[] Kinds = ["input", "output", "cache-write", "cache-read"];

    private readonly IReadOnlyDictionary<string, ModelPrice> _prices;

    public PriceList(IReadOnlyDictionary<string, ModelPrice> prices)
    {
        _prices = prices;
    }

    public static PriceList None { get; } = new(new Dictionary<string, ModelPrice>());

    public IReadOnlyCollection<string> Models => [.. _prices.Keys];

    /// <summary>Every price under <see cref="Path"/>; a price that is missing a kind or is not a number ≥ 0 fails with its name.</summary>
    public static PriceList Parse(Config config)
    {
        if (!config.HasPath(Path))
        {
            return None;
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        var models = config.GetValue(Path) is { } value && value.IsObject() ? value.GetObject().Items : [];
        foreach (var (model, entry) in models)
        {
            var kinds = entry.IsObject() ? entry.GetObject().Items : [];
            decimal Read(string kind)
            {
                var raw = kinds.TryGetValue(kind, out var given) && given.IsString() ? given.GetString() : null;
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price >= 0
                    ? price
                    : throw new AnimaConfigException(
                        $"{Path}.\"{model}\".{kind} = {raw ?? "(missing)"} is not a price: give {string.Join(", ", Kinds)} in US dollars per million tokens, each a number ≥ 0.");
            }

            prices[model] = new ModelPrice(Read("input"), Read("output"), Read("cache-write"), Read("cache-read"));
        }

        return new PriceList(prices);
    }

    /// <summary>The price of <paramref name="model"/>, or of its alias without the date; null when it has none.</summary>
    public ModelPrice? Find(string? model)
    {
        if (model is null)
        {
            return null;
        }

        if (_prices.TryGetValue(model, out var price))
        {
            return price;
        }

        var dated = DatedModel().Match(model);
        return dated.Success && _prices.TryGetValue(dated.Groups[1].Value, out var alias) ? alias : null;
    }

    [GeneratedRegex("^(.+)-[0-9]{8}$")]
    private static partial Regex DatedModel();
}
