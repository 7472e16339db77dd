using System.Globalization;
using Anima.Messages.Usage;

namespace Anima.Client;

/// <summary>Costs and cache shares as every client writes them: dollars, "unpriced" where a model has no price (never a guess).</summary>
public static class UsageText
{
    public static string Cost(UsageRow row) => row.UnpricedCalls == row.Calls
        ? "unpriced"
        : Dollars(row.Cost) + (row.UnpricedCalls > 0 ? " + unpriced" : string.Empty);

    /// <summary>Four decimals under a dollar (a turn costs cents or less), two above.</summary>
    public static string Dollars(decimal cost) => cost.ToString(cost < 1m ? "$0.0000" : "$#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>The share of input tokens the prompt cache served, "—" without input.</summary>
    public static string CachedPercent(UsageRow row) => row.CachedPercent is { } share ? share.ToString("0", CultureInfo.InvariantCulture) + " %" : "—";
}
