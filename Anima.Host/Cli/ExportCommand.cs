using System.CommandLine;
using Anima.Actors.Configuration;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Host.Cli;

/// <summary><c>anima export ID</c>: a session's transcript on stdout.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var id = new Argument<string>("id") { Description = "The session id (see './anima sessions')" };
        var format = new Option<string>("--format")
        {
            Description = "md (readable) or jsonl (one event per line)",
            DefaultValueFactory = _ => "md",
        };
        format.AcceptOnlyFromAmong("md", "jsonl");
        var command = new Command("export", "Write a session's transcript to stdout") { id, format, host };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var sessionId = parse.GetValue(id)!;
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima export", cancellationToken);
            var events = await ReadHistoryAsync(client, sessionId, cancellationToken);
            var title = events.Select(e => Actors.Sessions.SessionState.TitleFrom(e.Event)).FirstOrDefault(t => t is not null);
            Console.Out.Write(parse.GetValue(format) == "jsonl" ? Transcript.Jsonl(events) : Transcript.Markdown(sessionId, title, events));
            return 0;
        });
        return command;
    }

    /// <summary>Attaches from the start and collects history until the brain says it is complete.</summary>
    public static async Task<List<Journaled>> ReadHistoryAsync(Actors.Client.BrainClient client, string sessionId, CancellationToken cancellationToken)
    {
        client.Attach(sessionId);
        var events = new List<Journaled>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await foreach (var push in client.Pushes.ReadAllAsync(timeout.Token))
        {
            switch (push)
            {
                case HistoryChunk chunk when chunk.SessionId == sessionId:
                    events.AddRange(chunk.Events);
                    if (chunk.Last)
                    {
                        client.Detach(sessionId);
                        return events;
                    }

                    break;
                case RequestFailed failed:
                    throw new InvalidOperationException(failed.Reason);
            }
        }

        throw new InvalidOperationException("The brain closed the link before the history was complete.");
    }
}
