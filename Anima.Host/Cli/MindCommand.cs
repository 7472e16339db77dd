using System.CommandLine;
using Anima.Actors.Configuration;
using Anima.Messages.Mind;

namespace Anima.Host.Cli;

/// <summary><c>anima mind ID</c>: how the agent feels in a session, what its inner voice says, and why.</summary>
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
            var session = await client.FindSessionAsync(parse.GetValue(id)!);
            var report = await client.RequestAsync<MindReport>(new GetMind(session.SessionId));
            Console.Write(Render(report));
            return 0;
        });
        return command;
    }

    public static string Render(MindReport report)
    {
        var text = new System.Text.StringBuilder();
        text.Append("Mind of session ").Append(report.SessionId).Append("\n\n");
        var width = Math.Max(8, report.Hormones.Select(h => h.Hormone.Length).DefaultIfEmpty(0).Max());
        foreach (var hormone in report.Hormones)
        {
            text.Append("  ").Append(hormone.Hormone.PadRight(width)).Append("  ")
                .Append(Bar(hormone.Level, hormone.Max, 20)).Append(' ')
                .Append(hormone.Level.ToString("0.0").PadLeft(5)).Append(' ')
                .Append(hormone.LastDelta switch { > 0 => "↑", < 0 => "↓", _ => "·" })
                .Append("  (baseline ").Append(hormone.Baseline.ToString("0.#")).Append(")\n");
        }

        text.Append("\nInner voice: ").Append(report.InnerVoice is { } voice ? $"\"{voice.ReplaceLineEndings(" / ")}\"" : "(silence)").Append('\n');
        if (report.Recent.Count > 0)
        {
            text.Append("\nRecent changes (newest first):\n");
            foreach (var change in report.Recent)
            {
                text.Append("  ").Append(change.At.ToLocalTime().ToString("HH:mm:ss")).Append("  ")
                    .Append(change.Hormone.PadRight(width)).Append("  ")
                    .Append(change.Delta.ToString("+0.0;-0.0")).Append(" → ").Append(change.Level.ToString("0.0"))
                    .Append("  ").Append(change.Cause).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Bar(double level, double max, int width)
    {
        var filled = max <= 0 ? 0 : (int)Math.Round(Math.Clamp(level / max, 0, 1) * width);
        return new string('█', filled) + new string('░', width - filled);
    }
}
