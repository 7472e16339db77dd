using System.CommandLine;
using System.Globalization;
using System.Text;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Messages.Usage;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima usage [--session ID] [--day [DATE]]</c>: the tokens the provider billed and what they cost, per day, per
/// session of a day, or per turn of a session; the agent's calls and those beside them (the mind's appraisal, memory's
/// summaries) apart; and how much of the input the prompt cache served.
/// </summary>
public static class UsageCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var session = new Option<string?>("--session") { Description = "One session (its id or the start of it): per turn", HelpName = "ID" };
        var day = new Option<string?>("--day")
        {
            Description = "One day, yyyy-MM-dd (today without a date): per session, or the session's turns that day",
            HelpName = "DATE",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("usage", "Tokens and their cost: per day, per session of a day, per turn of a session; the prompt cache's share") { session, day, host };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var dayGiven = parse.GetResult(day) is not null;
            var date = dayGiven ? parse.GetValue(day) ?? DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima usage", cancellationToken);
            string heading;
            IReadOnlyDictionary<string, string> titles = new Dictionary<string, string>();
            string? sessionId = null;
            if (parse.GetValue(session) is { } wanted)
            {
                var found = await client.FindSessionAsync(wanted);
                sessionId = found.SessionId;
                heading = $"Session {found.SessionId}{(string.IsNullOrWhiteSpace(found.Title) ? string.Empty : $" ({found.Title})")}{(date is null ? string.Empty : $" on {date}")}, per turn (#n: the message that opened it)";
            }
            else
            {
                heading = date is null ? "Per day" : $"On {date}, per session";
                if (date is not null)
                {
                    titles = (await client.ListSessionsAsync(1000)).Where(s => !string.IsNullOrWhiteSpace(s.Title)).ToDictionary(s => s.SessionId, s => s.Title!);
                }
            }

            var report = await client.RequestAsync<UsageReport>(new GetUsage(sessionId, date));
            var text = Render(report, heading, titles);
            Console.Out.Write(Console.IsOutputRedirected ? text : TerminalText.Escape(text));
            return 0;
        });
        return command;
    }

    public static string Render(UsageReport report, string heading, IReadOnlyDictionary<string, string>? titles = null)
    {
        if (report.Total.Calls == 0)
        {
            return $"{heading}: no model calls yet.\n";
        }

        var rows = report.Rows.Select(r => (Label: Label(r, titles), Row: r)).ToList();
        var kinds = report.ByKind.Select(r => (Label: $"{r.Label}{(r.Detail is null ? string.Empty : ", " + r.Detail)}", Row: r)).ToList();
        var width = rows.Concat(kinds).Select(r => r.Label.Length).Append("total".Length).Max();
        var text = new StringBuilder();
        text.Append(heading).Append('\n').Append('\n');
        Header(text, width);
        foreach (var (label, row) in rows)
        {
            Line(text, label, row, width);
        }

        text.Append('\n').Append("by kind of call\n");
        foreach (var (label, row) in kinds)
        {
            Line(text, label, row, width);
        }

        text.Append('\n');
        Line(text, "total", report.Total, width);
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"Prompt cache: {Percent(report.Total)} of input tokens were read from the cache (billed at 0.1x).\n");
        if (report.Total.UnpricedCalls > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{report.Total.UnpricedCalls} call(s) used a model with no price in anima.usage.prices: their tokens are counted, their cost is not.\n");
        }

        return text.ToString();
    }

    public static string Cost(UsageRow row) => UsageText.Cost(row);

    public static string Percent(UsageRow row) => UsageText.CachedPercent(row);

    private static string Label(UsageRow row, IReadOnlyDictionary<string, string>? titles)
    {
        var label = titles is not null && titles.TryGetValue(row.Label, out var title) ? $"{row.Label[..Math.Min(8, row.Label.Length)]} {Shorten(title, 30)}" : row.Label;
        return row.Detail is null ? label : $"{label}  {row.Detail}";
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static void Header(StringBuilder text, int width) => text.Append(CultureInfo.InvariantCulture,
        $"{string.Empty.PadRight(width)}  {"calls",5}  {"input",10}  {"cache read",10}  {"cache write",11}  {"output",9}  {"cached",6}  {"cost",10}\n");

    private static void Line(StringBuilder text, string label, UsageRow row, int width) => text.Append(CultureInfo.InvariantCulture,
        $"{label.PadRight(width)}  {row.Calls,5:N0}  {row.InputTokens,10:N0}  {row.CacheReadTokens,10:N0}  {row.CacheWriteTokens,11:N0}  {row.OutputTokens,9:N0}  {Percent(row),6}  {Cost(row),10}\n");
}
