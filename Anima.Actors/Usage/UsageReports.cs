using System.Globalization;
using Anima.Messages.Usage;

namespace Anima.Actors.Usage;

/// <summary>Billed calls summed into the rows a user reads: per turn, session or day, per kind of call, and in all.</summary>
public static class UsageReports
{
    private static readonly string[] KindOrder = [CallKind.Agent, CallKind.Appraisal, CallKind.Summary, CallKind.Digest];

    /// <summary>The day <paramref name="day"/> (yyyy-MM-dd) as a span of time in <paramref name="zone"/>; a clear error for anything else.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Day(string day, TimeZoneInfo zone)
    {
        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new FormatException($"'{day}' is not a day: give it as yyyy-MM-dd (e.g. {DateTime.Now:yyyy-MM-dd}).");
        }

        DateTimeOffset Start(DateOnly d)
        {
            var local = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        return (Start(date), Start(date.AddDays(1)));
    }

    public static UsageReport Build(IReadOnlyList<BilledCall> calls, PriceList prices, GetUsage query, TimeZoneInfo zone)
    {
        string Local(DateTimeOffset at, string format) => TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture);

        IEnumerable<UsageRow> rows = query switch
        {
            { SessionId: not null } => calls
                .GroupBy(c => c.Turn is { } turn ? "#" + turn.ToString(CultureInfo.InvariantCulture) : CallKind.Describe(c.Kind))
                .Select(g => Sum(g.Key, g.ToList(), prices, Local(g.First().At, "yyyy-MM-dd HH:mm"))),
            { Day: not null } => calls
                .GroupBy(c => c.SessionId)
                .Select(g => Sum(g.Key, g.ToList(), prices, Local(g.First().At, "HH:mm"))),
            _ => calls
                .GroupBy(c => Local(c.At, "yyyy-MM-dd"))
                .Select(g => Sum(g.Key, g.ToList(), prices)),
        };
        var byKind = calls
            .GroupBy(c => (c.Kind, c.Model))
            .OrderBy(g => Array.IndexOf(KindOrder, g.Key.Kind) is var i && i < 0 ? KindOrder.Length : i)
            .ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => Sum(CallKind.Describe(g.Key.Kind), g.ToList(), prices, g.Key.Model));
        return new UsageReport([.. rows], [.. byKind], Sum("total", calls, prices));
    }

    private static UsageRow Sum(string label, IReadOnlyList<BilledCall> calls, PriceList prices, string? detail = null)
    {
        long input = 0, read = 0, write = 0, output = 0;
        var cost = 0m;
        var unpriced = 0;
        foreach (var call in calls)
        {
            input += call.Usage.InputTokens;
            read += call.Usage.CacheReadTokens;
            write += call.Usage.CacheWriteTokens;
            output += call.Usage.OutputTokens;
            if (prices.Find(call.Model) is { } price)
            {
                cost += price.Cost(call.Usage);
            }
            else
            {
                unpriced++;
            }
        }

        return new UsageRow(label, calls.Count, input, read, write, output, cost, unpriced, detail);
    }
}
