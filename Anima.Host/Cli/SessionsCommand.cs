using System.CommandLine;
using System.Text;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Text;
using Anima.Messages.Clients;

namespace Anima.Host.Cli;

/// <summary><c>anima sessions</c>: the session list, newest first.</summary>
public static class SessionsCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var limit = new Option<int>("--limit") { Description = "How many sessions to list", DefaultValueFactory = _ => 50 };
        var command = new Command("sessions", "List sessions, newest first") { host, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima sessions", cancellationToken);
            var sessions = await client.ListSessionsAsync(parse.GetValue(limit));
            if (sessions.Count == 0)
            {
                Console.WriteLine("No sessions yet. Start one with './anima' or './anima ask --new \"hello\"'.");
                return 0;
            }

            // A title is the first line of a message, as typed or pasted: on a terminal it must not drive it.
            var table = Table(sessions);
            Console.Out.Write(Console.IsOutputRedirected ? table : TerminalText.Escape(table));
            return 0;
        });
        return command;
    }

    /// <summary>The sessions as aligned columns, measured in terminal columns (a title may hold emoji or CJK).</summary>
    public static string Table(IReadOnlyList<SessionSummary> sessions)
    {
        var titleWidth = Math.Clamp(sessions.Max(s => TextColumns.Width(s.Title)), 5, 50);
        var table = new StringBuilder();
        table.Append($"{"ID",-12}  {"TITLE".PadRight(titleWidth)}  {"MESSAGES",8}  {"CREATED",-16}  {"UPDATED",-16}  DIRECTORY\n");
        foreach (var s in sessions)
        {
            table.Append($"{s.SessionId,-12}  {TextColumns.Fit(s.Title, titleWidth)}  {s.MessageCount,8}  {Format.Local(s.CreatedAt),-16}  {Format.Local(s.UpdatedAt),-16}  {Format.Directory(s.WorkingDirectory)}\n");
        }

        return table.ToString();
    }
}
