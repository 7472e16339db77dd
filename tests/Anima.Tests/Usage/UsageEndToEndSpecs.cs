using System.Globalization;
using System.Text.RegularExpressions;
using Anima.Actors.Mind;
using Anima.FakeAnthropic;
using Anima.Tests.Support;

namespace Anima.Tests.Usage;

/// <summary>
/// <c>anima usage</c> through a real brain process and the real CLI, against the wire-level fake, which bills input as
/// the documented prompt cache would: what the command shows is what the provider reported, priced.
/// </summary>
[Collection("processes")]
public sealed class UsageEndToEndSpecs
{
    private const string Agent = "claude-sonnet-4-5";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_turns_of_a_session_show_the_tokens_the_provider_billed_with_the_cache_and_their_cost()
    {
        await using var fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { MinimumCacheableTokens = 100 });
        fake.DefaultResponder = request => FakeResponse.Text("Echo: " + request.LastUserText) with { OutputTokens = 50 };
        var appraisal = MindConfig.Defaults.Appraisal.Model!;
        fake.AnswerModel(appraisal, _ => FakeResponse.Text("""{"stimuli": []}""") with { OutputTokens = 7 });
        await using var brain = await RunningBrain.StartAsync(environment: Environment(fake));

        var session = await AskAsync(brain, ["--new", "first question"]);
        await AskAsync(brain, ["--session", session, "second question"]);
        await AskAsync(brain, ["--session", session, "third question"]);

        // The appraisal runs beside each turn: once the fake has answered all six calls, the ledger has them.
        await fake.WaitForRequestsAsync(3, Limit, appraisal);
        var total = Array.Empty<string>();
        var shown = "";
        await Eventually.HoldsAsync(async () =>
        {
            shown = (await UsageAsync(brain, "--session", session)).Stdout;
            total = Columns(shown, "total");
            Assert.Equal("6", total[1]);
        }, Limit);

        var requests = fake.Requests.Where(r => r.Path == "/v1/messages").ToList();
        var agent = requests.Where(r => r.Model == Agent).ToList();
        Assert.Equal(3, agent.Count);
        Assert.True(agent[2].Cache!.CacheReadTokens > 0, "the third call reads the conversation's start from the cache");
        long Sum(Func<FakeCacheUsage, int> part) => requests.Sum(r => part(r.Cache!));
        Assert.Equal(Sum(c => c.InputTokens), Number(total[2]));
        Assert.Equal(Sum(c => c.CacheReadTokens), Number(total[3]));
        Assert.Equal(Sum(c => c.CacheWriteTokens), Number(total[4]));
        Assert.Equal((3 * 50) + (3 * 7), Number(total[5]));

        // Priced as anima.hocon lists them: Sonnet 4.5 for the agent, Haiku 4.5 for the appraisal, per million tokens.
        decimal Cost(FakeCacheUsage c, int output, decimal input, decimal read, decimal write, decimal outputPrice) =>
            ((c.InputTokens * input) + (c.CacheReadTokens * read) + (c.CacheWriteTokens * write) + (output * outputPrice)) / 1_000_000m;
        var expected = agent.Sum(r => Cost(r.Cache!, 50, 3.00m, 0.30m, 3.75m, 15.00m))
            + requests.Where(r => r.Model == appraisal).Sum(r => Cost(r.Cache!, 7, 1.00m, 0.10m, 1.25m, 5.00m));
        Assert.Equal(expected.ToString("$0.0000", CultureInfo.InvariantCulture), total[^1]);
        var cached = 100.0 * Sum(c => c.CacheReadTokens) / Sum(c => c.TotalInputTokens);
        Assert.Contains($"Prompt cache: {cached.ToString("0", CultureInfo.InvariantCulture)} % of input tokens", shown);

        // Per turn (the message that opened it), the mind's calls labelled beside the agent's.
        Assert.Equal(3, shown.Split('\n').Count(l => l.StartsWith('#')));
        Assert.Contains($"agent (turns), {Agent}", shown);
        Assert.Contains($"mind (appraisal), {appraisal}", shown);

        // Per day and per session of today: the same total.
        var today = DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = (await UsageAsync(brain)).Stdout;
        Assert.Equal(total[1..], Columns(days, today)[1..]);
        var sessions = (await UsageAsync(brain, "--day")).Stdout;
        Assert.Contains("first question", sessions);
        Assert.Equal(total[^1], Columns(sessions, "total")[^1]);

        // The mind's report gives the session's cache share too.
        var mind = await AnimaProcess.RunAsync(brain.Home.Root, null, "mind", session, "--host", brain.HostArgument);
        Assert.Contains($"Prompt cache: {cached.ToString("0", CultureInfo.InvariantCulture)} % of this session's input tokens", mind.Stdout);
    }

    [Fact]
    public async Task A_model_without_a_price_is_shown_with_its_tokens_and_unpriced()
    {
        await using var fake = await FakeAnthropicServer.StartAsync();
        fake.DefaultResponder = request => FakeResponse.Text("Echo: " + request.LastUserText) with { OutputTokens = 40 };
        using var home = new TempHome();
        Directory.CreateDirectory(Path.Combine(home.Root, "config"));
        File.WriteAllText(Path.Combine(home.Root, "config", "anima.conf"), """
            anima.agent.model = "claude-without-a-price"
            anima.mind.appraisal.model = off
            """);
        await using var brain = await RunningBrain.StartAsync(home, Environment(fake));

        var session = await AskAsync(brain, ["--new", "hello"]);
        var shown = (await UsageAsync(brain, "--session", session)).Stdout;

        var total = Columns(shown, "total");
        Assert.Equal("40", total[5]);
        Assert.Equal("unpriced", total[^1]);
        Assert.DoesNotContain("$", shown);
        Assert.Contains("1 call(s) used a model with no price in anima.usage.prices", shown);

        var bad = await UsageAsync(brain, "--day", "yesterday");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("'yesterday' is not a day: give it as yyyy-MM-dd", bad.Stderr);
    }

    private static Dictionary<string, string> Environment(FakeAnthropicServer fake) =>
        new() { ["ANTHROPIC_BASE_URL"] = fake.BaseUrl, ["ANTHROPIC_API_KEY"] = "test-key" };

    private static async Task<string> AskAsync(RunningBrain brain, string[] args)
    {
        var (code, stdout, stderr) = await AnimaProcess.RunAsync(new AnimaProcess.RunOptions(brain.Home.Root, Within: Limit), ["ask", .. args, "--host", brain.HostArgument]);
        Assert.True(code == 0, $"ask failed ({code}): {stdout} {stderr}");
        return args[0] == "--new" ? Regex.Match(stderr, @"new session (\S+)").Groups[1].Value : args[1];
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> UsageAsync(RunningBrain brain, params string[] args) =>
        AnimaProcess.RunAsync(brain.Home.Root, null, ["usage", .. args, "--host", brain.HostArgument]);

    /// <summary>The columns of the line that starts with <paramref name="label"/>, the label first: two spaces or more apart.</summary>
    private static string[] Columns(string text, string label)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No line '{label}' in:\n{text}");
        return Regex.Split(line.Trim(), @"\s{2,}");
    }

    private static long Number(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
