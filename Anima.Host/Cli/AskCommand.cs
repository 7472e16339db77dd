using System.CommandLine;
using Anima.Actors;
using Anima.Actors.Client;
using Anima.Actors.Configuration;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima ask "…"</c>: posts one message and streams the reply to stdout as it is generated; tool calls,
/// retries and system messages go to stderr. Exits 0 when the turn completes.
/// </summary>
public static class AskCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var session = new Option<string?>("--session") { Description = "The session to ask in (default: the most recent one)" };
        var fresh = new Option<bool>("--new") { Description = "Start a new session" };
        var text = new Argument<string>("text") { Description = "What to say" };
        var command = new Command("ask", "Ask the agent and stream its reply") { text, session, fresh, host };
        command.Validators.Add(result =>
        {
            if (result.GetValue(session) is not null && result.GetValue(fresh))
            {
                result.AddError("Use either --session ID or --new, not both.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima ask", cancellationToken, BackoffPolicy.Interactive);
            var sessionId = parse.GetValue(session)
                ?? (parse.GetValue(fresh) ? null : (await client.ListSessionsAsync(1)).FirstOrDefault()?.SessionId)
                ?? await client.CreateSessionAsync();
            return await AskAsync(client, sessionId, parse.GetValue(text)!, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    public static async Task<int> AskAsync(BrainClient client, string sessionId, string text, TextWriter output, TextWriter activity, CancellationToken cancellationToken)
    {
        // Attach first, from the current end of the stream, so not one streamed token is missed.
        client.Attach(sessionId, afterSeq: 0, maxHistory: 0);
        await foreach (var push in client.Pushes.ReadAllAsync(cancellationToken))
        {
            if (push is HistoryChunk { Last: true })
            {
                break;
            }

            if (push is RequestFailed failed)
            {
                activity.WriteLine($"anima: {failed.Reason}");
                return 1;
            }
        }

        using var interrupt = cancellationToken.Register(() => client.Interrupt(sessionId));
        var asked = (await client.PostAsync(sessionId, text)).Seq;
        var answered = false;
        var streamed = new System.Text.StringBuilder();
        var outcome = TurnOutcome.Completed;
        await foreach (var push in client.Pushes.ReadAllAsync(CancellationToken.None))
        {
            switch (push)
            {
                case TextDelta delta:
                    streamed.Append(delta.Text);
                    output.Write(delta.Text);
                    await output.FlushAsync(CancellationToken.None);
                    break;
                case RetryNotice retry:
                    activity.WriteLine($"… retrying in {retry.Delay.TotalSeconds:0.#}s (attempt {retry.Attempt}/{retry.MaxAttempts}): {retry.Reason}");
                    break;
                case Journaled { Event: AgentMessage agent } journaled when journaled.Seq > asked:
                    answered = true;
                    if (streamed.Length == 0 && agent.Text.Length > 0)
                    {
                        output.Write(agent.Text);
                    }

                    if (streamed.Length > 0 || agent.Text.Length > 0)
                    {
                        output.WriteLine();
                    }

                    streamed.Clear();
                    break;
                case Journaled { Event: ToolCall call }:
                    activity.WriteLine($"▶ {call.Name} {Shorten(call.InputJson, 200)}");
                    break;
                case Journaled { Event: ToolResponse response }:
                    activity.WriteLine($"{(response.IsError ? "  ✗" : "  ✓")} {Shorten(response.Content, 200)}");
                    break;
                case Journaled { Event: SystemMessage system } journaled when journaled.Seq > asked:
                    answered = true;
                    activity.WriteLine($"[{system.Level.ToString().ToLowerInvariant()}] {system.Text}");
                    if (system.Level == SystemMessageLevel.Error)
                    {
                        outcome = TurnOutcome.Failed;
                    }

                    break;
                case SystemNotice notice:
                    // Live only (the brain could not journal it, e.g. on a full disk): it ends the turn as a failure.
                    activity.WriteLine($"[{notice.Level.ToString().ToLowerInvariant()}] {notice.Text}");
                    if (notice.Level == SystemMessageLevel.Error)
                    {
                        answered = true;
                        outcome = TurnOutcome.Failed;
                    }

                    break;
                case TurnEnded ended when answered:
                    return ended.Outcome == TurnOutcome.Completed && outcome == TurnOutcome.Completed ? 0 : 1;
                case LinkStateChanged { State: LinkState.Reconnecting } lost:
                    activity.WriteLine($"… lost the brain ({lost.Reason}); reconnecting {lost.Attempt}/{lost.MaxAttempts}");
                    break;
                case LinkStateChanged { State: LinkState.Disconnected } gone:
                    activity.WriteLine($"anima: lost the brain: {gone.Reason}. Your message is saved; see './anima export {sessionId}'.");
                    return 1;
            }
        }

        return 1;
    }

    private static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ⏎ ").Trim();
        return line.Length <= max ? line : line[..max] + "…";
    }
}
