using System.CommandLine;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Host.Cli;

/// <summary><c>anima export [ID]</c>: a session's transcript on stdout.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var id = CliOptions.SessionArgument();
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
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima export", cancellationToken);
            var sessionId = (await CliOptions.FindSessionAsync(client, parse.GetValue(id))).SessionId;
            var events = await ReadHistoryAsync(client, sessionId, cancellationToken);
            var title = events.Select(e => SessionTitle.From(e.Event)).FirstOrDefault(t => t is not null);
            var transcript = parse.GetValue(format) == "jsonl" ? Transcript.Jsonl(events) : Transcript.Markdown(sessionId, title, events);

            // Into a file the transcript is as written; on a terminal, what tool output holds must not drive the terminal.
            Console.Out.Write(Console.IsOutputRedirected ? transcript : TerminalText.Escape(transcript));
            return 0;
        });
        return command;
    }

    /// <summary>Attaches from the start and collects the whole history (<see cref="CollectHistoryAsync"/>).</summary>
    public static async Task<List<Journaled>> ReadHistoryAsync(Client.BrainClient client, string sessionId, CancellationToken cancellationToken)
    {
        client.Attach(sessionId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            return await CollectHistoryAsync(client.Pushes, sessionId, timeout.Token);
        }
        finally
        {
            client.Detach(sessionId);
        }
    }

    /// <summary>
    /// History pushed for a client attached from the start, until the brain says it is complete. Every event from 1 to
    /// the last must be there, in order: one that did not arrive (remoting drops a message over its frame size with
    /// nothing but a line in the brain's log) fails the export, instead of leaving a silent hole in it.
    /// </summary>
    public static async Task<List<Journaled>> CollectHistoryAsync(System.Threading.Channels.ChannelReader<object> pushes, string sessionId, CancellationToken cancellationToken)
    {
        var events = new List<Journaled>();
        InvalidOperationException Missing(long seq, string instead) => new(
            $"Event {seq} of session '{sessionId}' did not arrive from the brain ({instead}), so the export would be incomplete; "
            + "nothing was written. The brain's log may say why.");
        await foreach (var push in pushes.ReadAllAsync(cancellationToken))
        {
            switch (push)
            {
                case HistoryChunk chunk when chunk.SessionId == sessionId:
                    foreach (var journaled in chunk.Events)
                    {
                        var expected = events.Count + 1;
                        if (journaled.Seq != expected)
                        {
                            throw Missing(expected, $"event {journaled.Seq} came next");
                        }

                        events.Add(journaled);
                    }

                    if (chunk.Last)
                    {
                        return chunk.HighestSeq > events.Count ? throw Missing(events.Count + 1, $"the history ends at {chunk.HighestSeq}") : events;
                    }

                    break;
                case RequestFailed failed:
                    throw new InvalidOperationException(failed.Reason);
            }
        }

        throw new InvalidOperationException("The brain closed the link before the history was complete.");
    }
}
