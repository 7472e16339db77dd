using System.CommandLine;
using System.Globalization;
using Anima.Client.Configuration;
using Anima.Messages.Mind;
using Anima.Messages.Usage;

namespace Anima.Host.Cli;

/// <summary><c>anima mind [ID]</c>: how the agent feels in a session, what its inner voice says and it wants, and why.</summary>
public static class MindCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var id = CliOptions.SessionArgument();
        var command = new Command("mind", "Show the agent's feelings in a session: levels, inner voice, recent changes") { id, host };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima mind", cancellationToken);
            // The mind answers for any id (a session it never felt is at baseline): only a session that exists is asked about.
            var session = await CliOptions.FindSessionAsync(client, parse.GetValue(id));
            var report = await client.RequestAsync<MindReport>(new GetMind(session.SessionId));
            var usage = await client.RequestAsync<UsageReport>(new GetUsage(session.SessionId));
            Console.Write(Render(report) + CacheLine(usage.Total, session.SessionId));
            return 0;
        });
        return command;
    }

    /// <summary>What the session's calls cost and how much of their input the prompt cache served.</summary>
    public static string CacheLine(UsageRow total, string sessionId) => total.Calls == 0
        ? string.Empty
        : $"\nPrompt cache: {UsageCommand.Percent(total)} of this session's input tokens read from the cache ({total.Calls} model calls, {UsageCommand.Cost(total)}; per turn: anima usage --session {sessionId[..Math.Min(8, sessionId.Length)]}).\n";

    public static string Render(MindReport report)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Mind of session ").Append(report.SessionId).Append("\n\n");
        var width = Math.Max(8, report.Hormones.Select(h => h.Hormone.Length).DefaultIfEmpty(0).Max());
        foreach (var hormone in report.Hormones)
        {
            text.Append("  ").Append(hormone.Hormone.PadRight(width)).Append("  ")
                .Append(Bar(hormone.Level, hormone.Max, 20)).Append(' ')
                .Append(hormone.Level.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(5)).Append(' ')
                .Append(hormone.LastDelta switch { > 0 => "↑", < 0 => "↓", _ => "·" })
                .Append("  (baseline ").Append(hormone.Baseline.ToString("0.#", CultureInfo.InvariantCulture)).Append(")\n");
        }

        text.Append("\nInner voice: ").Append(report.InnerVoice is { } voice ? $"\"{voice.ReplaceLineEndings(" / ")}\"" : "(silence)").Append('\n');
        text.Append("Desires:     ").Append(report.Desires is { Count: > 0 } desires ? string.Join("; ", desires) : "(none)").Append('\n');
        if (report.ThinkingBudget is not null || report.ToolRounds is not null)
        {
            text.Append("Next call:   ")
                .Append(report.ThinkingBudget is { } budget ? $"thinking budget {budget} tokens" : "thinking off")
                .Append(report.ToolRounds is { } rounds ? $", up to {rounds} model calls in a turn" : string.Empty)
                .Append('\n');
        }

        if (report.Recent.Count > 0)
        {
            text.Append("\nRecent stimuli and what they moved (newest first):\n");
            var causeWidth = report.Recent.Max(c => c.Cause.Length);
            foreach (var stimulus in Stimuli(report.Recent))
            {
                var first = stimulus[0];
                var moved = string.Join(", ", stimulus.Select(c => $"{c.Hormone} {c.Delta.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}"));
                text.Append("  ").Append(first.At.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append("  ")
                    .Append(first.Cause.PadRight(causeWidth)).Append("  ");
                if (first.Reason is { Length: > 0 } reason)
                {
                    // Why first, then what it moved, under it.
                    text.Append(reason).Append('\n').Append(' ', 14 + causeWidth);
                }

                text.Append(moved).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The changes one stimulus made are journaled one per hormone: shown together, in the order they came.</summary>
    private static List<List<HormoneChanged>> Stimuli(IReadOnlyList<HormoneChanged> newestFirst)
    {
        var stimuli = new List<List<HormoneChanged>>();
        foreach (var change in newestFirst)
        {
            if (stimuli.Count > 0 && stimuli[^1][0] is var last && (last.Cause, last.At, last.SourceSeq, last.Reason) == (change.Cause, change.At, change.SourceSeq, change.Reason))
            {
                stimuli[^1].Add(change);
            }
            else
            {
                stimuli.Add([change]);
            }
        }

        foreach (var stimulus in stimuli)
        {
            stimulus.Reverse();
        }

        return stimuli;
    }

    private static string Bar(double level, double max, int width)
    {
        var filled = max <= 0 ? 0 : (int)Math.Round(Math.Clamp(level / max, 0, 1) * width);
        return new string('█', filled) + new string('░', width - filled);
    }
}
