using Akka.Configuration;
using Anima.Actors.Usage;
using Anima.Client.Configuration;
using Anima.Host.Cli;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;

namespace Anima.Tests.Usage;

/// <summary>What a report says of billed calls: the prices applied to each kind of token, unpriced models, the groupings.</summary>
public sealed class UsageReportSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static readonly PriceList Prices = PriceList.Parse(ConfigurationFactory.ParseString("""
        anima.usage.prices {
          "claude-sonnet-4-5" { input = 3.00, output = 15.00, cache-write = 3.75, cache-read = 0.30 }
          "claude-haiku-4-5" { input = 1.00, output = 5.00, cache-write = 1.25, cache-read = 0.10 }
        }
        """));

    [Fact]
    public void Each_kind_of_token_is_priced_at_its_rate_per_million()
    {
        var calls = new[]
        {
            new BilledCall("s1", 1, CallKind.Agent, "claude-sonnet-4-5", new TokenUsage(1_000, 500, CacheReadTokens: 10_000, CacheWriteTokens: 2_000), Noon),
            new BilledCall("s1", 1, CallKind.Appraisal, "claude-haiku-4-5-20251001", new TokenUsage(300, 20), Noon),
        };

        var report = UsageReports.Build(calls, Prices, new GetUsage("s1"), TimeZoneInfo.Utc);

        // 1,000 × 3 + 500 × 15 + 10,000 × 0.30 + 2,000 × 3.75 = 21,000 per million; the dated haiku takes its alias's price.
        var agent = 0.021m;
        var appraisal = ((300 * 1m) + (20 * 5m)) / 1_000_000m;
        Assert.Equal(agent + appraisal, report.Total.Cost);
        Assert.Equal(0, report.Total.UnpricedCalls);
        Assert.Equal(["agent (turns)", "mind (appraisal)"], report.ByKind.Select(r => r.Label));
        Assert.Equal(agent, report.ByKind[0].Cost);
        var turn = Assert.Single(report.Rows);
        Assert.Equal("#1", turn.Label);
        Assert.Equal(2, turn.Calls);
        Assert.Equal(10_000.0 / 13_300 * 100, turn.CachedPercent!.Value, 6);
    }

    [Fact]
    public void A_model_without_a_price_shows_its_tokens_and_unpriced_never_a_made_up_cost()
    {
        var calls = new[]
        {
            new BilledCall("s1", 1, CallKind.Agent, "claude-unknown-9", new TokenUsage(1_000, 500, 4_000, 0), Noon),
            new BilledCall("s1", null, CallKind.Summary, "claude-haiku-4-5", new TokenUsage(2_000, 100), Noon.AddMinutes(1)),
        };

        var report = UsageReports.Build(calls, Prices, new GetUsage("s1"), TimeZoneInfo.Utc);

        var unknown = report.ByKind.Single(r => r.Detail == "claude-unknown-9");
        Assert.Equal((1_000, 4_000, 500, 0m, 1), (unknown.InputTokens, unknown.CacheReadTokens, unknown.OutputTokens, unknown.Cost, unknown.UnpricedCalls));
        Assert.Equal("unpriced", UsageCommand.Cost(unknown));
        Assert.Equal("$0.0025 + unpriced", UsageCommand.Cost(report.Total));
        Assert.Equal(["#1", "memory (summaries)"], report.Rows.Select(r => r.Label));

        var text = UsageCommand.Render(report, "Session s1");
        Assert.Contains("1 call(s) used a model with no price", text);
        Assert.Contains("claude-unknown-9", text);
    }

    [Fact]
    public void Without_a_session_the_rows_are_days_and_with_a_day_its_sessions()
    {
        var calls = new[]
        {
            new BilledCall("s1", 1, CallKind.Agent, "claude-sonnet-4-5", new TokenUsage(100, 10), Noon.AddDays(-1)),
            new BilledCall("s1", 3, CallKind.Agent, "claude-sonnet-4-5", new TokenUsage(100, 10), Noon),
            new BilledCall("s2", 1, CallKind.Agent, "claude-sonnet-4-5", new TokenUsage(100, 10), Noon.AddHours(1)),
        };

        Assert.Equal(["2026-12-06", "2026-12-07"], UsageReports.Build(calls, Prices, new GetUsage(), TimeZoneInfo.Utc).Rows.Select(r => r.Label));
        Assert.Equal(["s1", "s2"], UsageReports.Build(calls[1..], Prices, new GetUsage(Day: "2026-12-07"), TimeZoneInfo.Utc).Rows.Select(r => r.Label));
        Assert.Equal((Noon.AddHours(-12), Noon.AddHours(12)), UsageReports.Day("2026-12-07", TimeZoneInfo.Utc));
        Assert.Contains("yyyy-MM-dd", Assert.Throws<FormatException>(() => UsageReports.Day("7/12", TimeZoneInfo.Utc)).Message);
    }

    [Fact]
    public void A_price_that_is_not_a_number_stops_the_brain_with_its_name()
    {
        var config = ConfigurationFactory.ParseString("""anima.usage.prices { "m" { input = lots, output = 1, cache-write = 1, cache-read = 1 } }""");

        var error = Assert.Throws<AnimaConfigException>(() => PriceList.Parse(config));

        Assert.Contains("anima.usage.prices.\"m\".input = lots", error.Message);
    }

    [Fact]
    public void The_default_prices_are_anthropics_for_the_default_models()
    {
        var prices = PriceList.Parse(Anima.Actors.Configuration.AnimaConfig.BrainDefaults);

        Assert.Equal(new ModelPrice(3.00m, 15.00m, 3.75m, 0.30m), prices.Find(Anima.Actors.Configuration.AnimaConfig.BrainDefaults.GetString("anima.agent.model")));
        Assert.Equal(new ModelPrice(1.00m, 5.00m, 1.25m, 0.10m), prices.Find(Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model));
        Assert.Equal(new ModelPrice(1.00m, 5.00m, 1.25m, 0.10m), prices.Find(Anima.Actors.Configuration.AnimaConfig.BrainDefaults.GetString("anima.memory.summary-model")));
    }
}
