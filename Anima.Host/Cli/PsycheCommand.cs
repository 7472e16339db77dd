using System.CommandLine;
using System.Globalization;
using System.Text;
using Anima.Client.Configuration;
using Anima.Messages.Mind;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima psyche [history | rollback N]</c>: the agent's character — how strongly each hormone reacts to each
/// stimulus, how far that drifted from the seed with experience, every change with its cause, and the way back.
/// </summary>
public static class PsycheCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var command = new Command("psyche", "Show the agent's character: its stimulus → hormone gains and their drift from the seed") { host };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(host), "anima psyche", new GetPsyche(), (PsycheReport report) => Render(report), cancellationToken));

        var historyHost = CliOptions.Host();
        var history = new Command("history", "Every change of the gains: which episode made it, when, and what moved") { historyHost };
        history.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(historyHost), "anima psyche history", new GetPsycheHistory(), (PsycheHistory versions) => Render(versions), cancellationToken));

        var rollbackHost = CliOptions.Host();
        var version = new Argument<int>("version") { Description = "The version to return to (see 'anima psyche history'; 0 is the seed)" };
        var rollback = new Command("rollback", "Return the gains to an earlier version (as a new version: history keeps everything)") { version, rollbackHost };
        rollback.SetAction((parse, cancellationToken) =>
        {
            var to = parse.GetValue(version);
            return RunAsync(
                parse.GetValue(rollbackHost),
                "anima psyche rollback",
                new RollbackPsyche(to),
                (PsycheReport report) => $"The gains are as they were at version {to}, now version {report.Version}.\n\n{Render(report)}",
                cancellationToken);
        });

        command.Subcommands.Add(history);
        command.Subcommands.Add(rollback);
        return command;
    }

    /// <summary>The matrix: a row per stimulus, a column per hormone; a gain that drifted is marked, and listed below.</summary>
    public static string Render(PsycheReport report)
    {
        var text = new StringBuilder();
        text.Append("Psyche: how strongly each hormone reacts to each stimulus (version ").Append(report.Version).Append(")\n")
            .Append("Each episode moves a gain ").Append(Percent(report.LearningRate)).Append(" of its seed, never more than ")
            .Append(Percent(report.MaxDrift)).Append(" from it. * drifted from the seed.\n\n");
        var hormones = report.Gains.Select(g => g.Hormone).Distinct().Order(StringComparer.Ordinal).ToList();
        var stimuli = report.Gains.Select(g => g.Stimulus).Distinct().Order(StringComparer.Ordinal).ToList();
        var rowWidth = Math.Max(8, stimuli.Select(s => s.Length).DefaultIfEmpty(0).Max());
        var widths = hormones.Select(h => Math.Max(7, h.Length)).ToList();
        text.Append("  ").Append(new string(' ', rowWidth));
        for (var i = 0; i < hormones.Count; i++)
        {
            text.Append("  ").Append(hormones[i].PadLeft(widths[i]));
        }

        text.Append('\n');
        foreach (var stimulus in stimuli)
        {
            text.Append("  ").Append(stimulus.PadRight(rowWidth));
            for (var i = 0; i < hormones.Count; i++)
            {
                var gain = report.Gains.FirstOrDefault(g => g.Hormone == hormones[i] && g.Stimulus == stimulus);
                var cell = gain is null ? "· " : Number(gain.Current) + (gain.Current != gain.Seed ? "*" : " ");
                text.Append("  ").Append(cell.PadLeft(widths[i]));
            }

            text.Append('\n');
        }

        var drifted = report.Gains.Where(g => g.Current != g.Seed).ToList();
        text.Append('\n');
        if (drifted.Count == 0)
        {
            text.Append("No drift yet: the gains are the seed's (hocon/mind.hocon).\n");
            return text.ToString();
        }

        text.Append("Drift from the seed:\n");
        var width = drifted.Max(g => g.Hormone.Length + g.Stimulus.Length + 3);
        foreach (var gain in drifted)
        {
            var change = (gain.Current - gain.Seed) / Math.Abs(gain.Seed);
            text.Append("  ").Append($"{gain.Hormone} ← {gain.Stimulus}".PadRight(width)).Append("  ")
                .Append(Number(gain.Seed)).Append(" → ").Append(Number(gain.Current))
                .Append("  (").Append(Math.Abs(gain.Current) > Math.Abs(gain.Seed) ? "stronger" : "weaker").Append(", ")
                .Append(change.ToString("+0.#%;-0.#%", CultureInfo.InvariantCulture)).Append(")\n");
        }

        return text.ToString();
    }

    public static string Render(PsycheHistory history)
    {
        if (history.Versions.Count == 0)
        {
            return "No changes yet: the gains are the seed's (version 0).\n";
        }

        var text = new StringBuilder();
        foreach (var version in history.Versions)
        {
            text.Append("  v").Append(version.Version).Append("  ").Append(Format.Local(version.At)).Append("  ").Append(version.Kind)
                .Append(version.SessionId is { } session ? $" (session {session})" : string.Empty).Append('\n')
                .Append("      ").Append(version.Cause).Append('\n')
                .Append("      ").Append(string.Join("; ", version.Changes.Select(c => $"{c.Hormone} ← {c.Stimulus} {Number(c.From)} → {Number(c.To)}"))).Append('\n');
        }

        return text.ToString();
    }

    private static async Task<int> RunAsync<TReply>(string? host, string clientName, IPsycheRequest request, Func<TReply, string> render, CancellationToken cancellationToken)
        where TReply : Anima.Messages.Clients.IClientReply
    {
        var home = AnimaHome.FromEnvironment();
        await using var client = await CliOptions.ConnectAsync(home, host, clientName, cancellationToken);
        Console.Write(render(await client.RequestAsync<TReply>(request)));
        return 0;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
}
