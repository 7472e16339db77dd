using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima ask "…"</c>: posts one message and shows the reply on stdout (<see cref="AnswerOutput"/>); tool calls,
/// retries and system messages go to stderr. A tool call that needs approval is asked about on the terminal
/// (<see cref="ApprovalPrompt"/>). Exits 0 when the turn completes, 1 when it fails or a call was declined for want of
/// a terminal, 130 when Ctrl+C interrupted it.
/// </summary>
public static class AskCommand
{
    public const string Name = "ask";

    /// <summary>Exit code after an interrupt, as a shell reports a command ended by SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>How long an interrupted ask waits for the brain to close the turn before it leaves anyway.</summary>
    private static readonly TimeSpan InterruptLimit = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var host = CliOptions.Host();
        var session = new Option<string?>("--session")
        {
            Description = "The session to ask in: its id or the start of it (default: the most recent one)",
            HelpName = "ID",
        };
        var fresh = new Option<bool>("--new") { Description = "Start a new session (its id is printed on stderr)" };
        var cwd = CliOptions.WorkingDirectory();
        var mode = new Option<string?>("--mode")
        {
            Description = "Set the session's permission mode first: ask (tools that change things ask), auto-edit (file edits in the session's folder run), trust (everything runs)",
            HelpName = "MODE",
        };
        var text = new Argument<string[]>("text")
        {
            Description = "What to say; several words are joined. With none, or '-', it is read from stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command(Name, "Ask the agent and stream its reply") { text, session, fresh, cwd, mode, host };
        command.Validators.Add(result =>
        {
            if (result.GetValue(session) is not null && result.GetValue(fresh))
            {
                result.AddError("Use either --session ID or --new, not both.");
            }

            if (result.GetValue(cwd) is not null && !result.GetValue(fresh))
            {
                result.AddError("--cwd sets where a new session works: use it with --new.");
            }

            if (result.GetValue(mode) is { } given && PermissionModes.Parse(given) is null)
            {
                result.AddError($"--mode {given} is not a mode: use {PermissionModes.Names}.");
            }

            if (result.GetValue(text) is { Length: > 0 } words && words is not ["-"] && string.IsNullOrWhiteSpace(string.Join(' ', words)))
            {
                result.AddError("The message is empty: say something, for example: anima ask \"hello\".");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOption(parse, text) is { } unknown)
            {
                // System.CommandLine hands a word it does not know as an option to the text; it would reach the model.
                Console.Error.WriteLine($"anima: unknown option '{unknown}'. To say something that starts with '-', put it after '--': anima ask -- {unknown} …");
                return 1;
            }

            var words = parse.GetValue(text) ?? [];
            if (words.Length == 0 && !Console.IsInputRedirected)
            {
                Console.Error.WriteLine("anima: ask needs a message: anima ask \"what to say\", or pipe it in: … | anima ask");
                return 1;
            }

            var message = await ReadMessageAsync(words, Console.In, cancellationToken);
            if (string.IsNullOrWhiteSpace(message))
            {
                Console.Error.WriteLine("anima: the message read from stdin is empty: there is nothing to ask.");
                return 1;
            }

            var home = AnimaHome.FromEnvironment();
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima ask", cancellationToken, BackoffPolicy.Interactive);
            string? sessionId = null;
            if (parse.GetValue(session) is { } wanted)
            {
                sessionId = (await client.FindSessionAsync(wanted)).SessionId;
            }
            else if (!parse.GetValue(fresh))
            {
                sessionId = (await client.ListSessionsAsync(1)).FirstOrDefault()?.SessionId;
            }

            if (sessionId is null)
            {
                var directory = CliOptions.SessionDirectory(parse.GetValue(cwd));
                sessionId = await client.CreateSessionAsync(workingDirectory: directory);
                Console.Error.WriteLine($"anima: new session {sessionId} (in {directory})");
            }

            if (PermissionModes.Parse(parse.GetValue(mode)) is { } wantedMode)
            {
                await client.SetModeAsync(sessionId, wantedMode, ApprovalPrompt.ClientName);
            }

            // Ctrl+C is this command's to handle: the first interrupts the turn, a second ends ask at once.
            using var ctrlC = new InterruptKey();
            return await AskAsync(client, sessionId, message, AnswerOutput.ForConsole(), ctrlC.Pressed, ApprovalPrompt.ForConsole());
        });
        return command;
    }

    /// <summary>The words given, joined; or stdin, when the only word is '-' or there is none.</summary>
    public static async Task<string> ReadMessageAsync(string[] words, TextReader stdin, CancellationToken cancellationToken)
    {
        if (words.Length == 0 || words is ["-"])
        {
            return (await stdin.ReadToEndAsync(cancellationToken)).TrimEnd();
        }

        return string.Join(' ', words);
    }

    /// <summary>
    /// Posts <paramref name="text"/> and shows the turn that answers it until that turn is over. An interrupt
    /// (<paramref name="interrupt"/>) asks the brain to stop the turn, and ask leaves once it has.
    /// </summary>
    public static async Task<int> AskAsync(BrainClient client, string sessionId, string text, AnswerOutput answer, CancellationToken interrupt, ApprovalPrompt? approvals = null)
    {
        approvals ??= new ApprovalPrompt(null, Console.Error);
        // Attach first, from the current end of the stream, so not one streamed token is missed.
        client.Attach(sessionId, afterSeq: 0, maxHistory: 0);
        await foreach (var push in client.Pushes.ReadAllAsync(CancellationToken.None))
        {
            if (push is HistoryChunk { Last: true })
            {
                break;
            }

            switch (push)
            {
                case RequestFailed failed:
                    answer.Activity($"anima: {failed.Reason}");
                    return 1;
                case LinkStateChanged { State: LinkState.Disconnected } gone:
                    answer.Activity($"anima: lost the brain: {gone.Reason}. Nothing was sent.");
                    return 1;
            }
        }

        if (interrupt.IsCancellationRequested)
        {
            return Interrupted;
        }

        var turn = new TurnWatch((await client.PostAsync(sessionId, text)).Seq, answer, request => approvals.AnswerAsync(client, sessionId, request));
        using var interrupting = interrupt.Register(() =>
        {
            client.Interrupt(sessionId);
            turn.InterruptSent();
        });
        using var giveUp = new CancellationTokenSource();
        using var giveUpAfterInterrupt = interrupt.Register(() => giveUp.CancelAfter(InterruptLimit));
        try
        {
            await foreach (var push in client.Pushes.ReadAllAsync(giveUp.Token))
            {
                if (turn.Apply(push, sessionId) is { } exitCode)
                {
                    await turn.Answering;
                    return exitCode == 0 && approvals.Refused ? 1 : exitCode;
                }
            }
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            answer.Activity($"anima: the brain did not confirm the interrupt within {InterruptLimit.TotalSeconds:0} s; see './anima export {sessionId}'.");
            return Interrupted;
        }

        return 1;
    }

    /// <summary>A word of the text that looks like an option and does not follow '--'.</summary>
    private static string? UnknownOption(ParseResult parse, Argument<string[]> text)
    {
        var tokens = parse.Tokens.ToList();
        var doubleDash = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        return parse.GetResult(text)?.Tokens
            .Where(t => t.Value.Length > 1 && t.Value[0] == '-')
            .Where(t => doubleDash < 0 || tokens.FindIndex(x => ReferenceEquals(x, t)) < doubleDash)
            .Select(t => t.Value)
            .FirstOrDefault();
    }

    /// <summary>Follows the turn that answers one message: what it shows, and when and how it is over.</summary>
    /// <param name="approve">Asks the user about a call that waits for approval; it runs beside the watch, which goes on meanwhile.</param>
    private sealed class TurnWatch(long asked, AnswerOutput answer, Func<ApprovalRequested, Task> approve)
    {
        private readonly HashSet<string> _prompted = new(StringComparer.Ordinal);

        private readonly StringBuilder _current = new();
        private bool _answered;
        private bool _failed;
        private bool _interrupted;
        private bool _reconnected;

        // Ctrl+C arrives on a thread of its own.
        private readonly Lock _gate = new();

        /// <summary>The prompts running, one after another: a second request waits for the first to be answered.</summary>
        public Task Answering { get; private set; } = Task.CompletedTask;

        public void InterruptSent()
        {
            lock (_gate)
            {
                _interrupted = true;
                answer.Activity("^C interrupting the turn…");
            }
        }

        /// <summary>The exit code once the turn is over; null while it goes on.</summary>
        public int? Apply(object push, string sessionId)
        {
            lock (_gate)
            {
                return ApplyLocked(push, sessionId);
            }
        }

        private int? ApplyLocked(object push, string sessionId)
        {
            switch (push)
            {
                case HistoryChunk chunk when chunk.SessionId == sessionId:
                    // After a reconnect, what happened meanwhile comes as history: it counts like live events.
                    foreach (var journaled in chunk.Events)
                    {
                        Journaled(journaled);
                    }

                    break;
                case Journaled journaled when journaled.SessionId == sessionId:
                    Journaled(journaled);
                    break;
                case TextDelta delta when delta.SessionId == sessionId:
                    _current.Append(delta.Text);
                    answer.Streamed(_current.ToString());
                    break;
                case RetryNotice retry when retry.SessionId == sessionId:
                    _current.Clear();
                    answer.Abandoned();
                    answer.Activity(RetryLine(retry));
                    break;
                case TurnInFlight inFlight when inFlight.SessionId == sessionId:
                    // Given after every (re)attach: the model call's text so far, whole.
                    _current.Clear().Append(inFlight.Text);
                    answer.Streamed(inFlight.Text);
                    if (_reconnected && inFlight.Retry is { } waiting)
                    {
                        answer.Activity(RetryLine(waiting));
                    }

                    _reconnected = false;
                    if (!inFlight.Running && _answered)
                    {
                        return ExitCode(_failed ? TurnOutcome.Failed : TurnOutcome.Completed);
                    }

                    break;
                case SystemNotice notice when notice.SessionId == sessionId:
                    // Live only (the brain could not journal it, e.g. on a full disk): an error ends the turn as a failure.
                    answer.Activity($"[{notice.Level.ToString().ToLowerInvariant()}] {notice.Text}");
                    if (notice.Level == SystemMessageLevel.Error)
                    {
                        _answered = true;
                        _failed = true;
                    }

                    break;
                case TurnEnded ended when ended.SessionId == sessionId && _answered:
                    return ExitCode(ended.Outcome);
                case LinkStateChanged { State: LinkState.Reconnecting } lost:
                    answer.Activity($"… lost the brain ({lost.Reason}); reconnecting {lost.Attempt}/{lost.MaxAttempts}");
                    break;
                case LinkStateChanged { State: LinkState.Connected }:
                    _reconnected = true;
                    answer.Activity("… reconnected");
                    break;
                case LinkStateChanged { State: LinkState.Disconnected } gone:
                    answer.Activity($"anima: lost the brain: {gone.Reason}. Your message is saved; see './anima export {sessionId}'.");
                    return 1;
                case RequestFailed failed:
                    answer.Activity($"anima: {failed.Reason}");
                    return 1;
            }

            return null;
        }

        private void Journaled(Journaled journaled)
        {
            if (journaled.Seq <= asked)
            {
                return;
            }

            switch (journaled.Event)
            {
                case AgentMessage { SeenSeq: { } seen } when seen < asked:
                    // The end of an answer to what came before this message; the turn goes on to answer it.
                    _current.Clear();
                    answer.Abandoned();
                    break;
                case AgentMessage agent:
                    _answered = true;
                    _current.Clear();
                    answer.Journaled(agent.Text);
                    break;
                case ToolCall call:
                    answer.Activity($"▶ {call.Name} {Shorten(call.InputJson, 200)}");
                    break;
                case ToolResponse response:
                    answer.Activity($"{(response.IsError ? "  ✗" : "  ✓")} {Shorten(response.Content, 200)}");
                    break;
                case ApprovalRequested request when _prompted.Add(request.CallId):
                    Answering = Answering.ContinueWith(_ => approve(request), TaskScheduler.Default).Unwrap();
                    break;
                case ApprovalAnswered answered:
                    answer.Activity($"  {(answered.Decision == ApprovalDecision.Deny ? "declined" : "approved")} by {answered.By}");
                    break;
                case SystemMessage system:
                    _answered = true;
                    answer.Activity($"[{system.Level.ToString().ToLowerInvariant()}] {system.Text}");
                    _failed |= system.Level == SystemMessageLevel.Error;
                    break;
            }
        }

        private int ExitCode(TurnOutcome outcome) => outcome switch
        {
            _ when _interrupted => Interrupted,
            TurnOutcome.Completed when !_failed => 0,
            _ => 1,
        };

        private static string RetryLine(RetryNotice retry) =>
            $"… retrying in {retry.Delay.TotalSeconds:0.#}s (attempt {retry.Attempt}/{retry.MaxAttempts}): {retry.Reason}";
    }

    private static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ⏎ ").Trim();
        return line.Length <= max ? line : line[..max] + "…";
    }
}
