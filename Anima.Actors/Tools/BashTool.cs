using System.Text.Json;
using Akka.Actor;

namespace Anima.Actors.Tools;

/// <summary>bash: a command in the session's persistent shell (<see cref="ShellActor"/>), killed on interrupt.</summary>
public sealed class BashTool(TimeSpan defaultTimeout, int maxOutputBytes = ShellSession.DefaultMaxOutputBytes) : ITool
{
    public const string ToolName = "bash";

    private static readonly TimeSpan LongestTimeout = TimeSpan.FromHours(1);

    /// <summary>How long past its timeout a command may take to be killed and reported.</summary>
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromMinutes(1);

    public string Name => ToolName;

    public string Description { get; } = $"""
        Run a command in your persistent bash shell on the user's machine. It is one long-lived shell for this
        session: the working directory, exported variables, shell functions and aliases carry over to the next
        call, so `cd` once and stay there. Background jobs (`cmd &`) keep running between calls.
        stdin is /dev/null, so never run interactive programs (editors, pagers, prompts); pass flags like
        `--yes` or `-y` instead. Several lines and heredocs are fine.
        You get stdout, then stderr under [stderr], and [exit code N] when it is not 0. A stream longer than
        {maxOutputBytes / 1024} KB keeps its first and last {maxOutputBytes / 2048} KB with a note of what was cut between them,
        so narrow big output yourself (head, tail, grep, wc).
        A command is killed after timeout_seconds (default {ShellSession.DefaultTimeout.TotalSeconds:0}); the
        shell and its state survive. If the shell itself exits (`exit`, or a failing command after `set -e`),
        a fresh one starts in the same directory on the next call and you are told so; `set -e` is reset
        between calls.
        """;

    public JsonElement InputSchema { get; } = ToolRegistry.Schema("""
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "The bash command or script to run." },
            "timeout_seconds": {
              "type": "integer",
              "minimum": 1,
              "maximum": 3600,
              "description": "Kill the command after this many seconds (default 30). Raise it for builds and tests."
            }
          },
          "required": ["command"],
          "additionalProperties": false
        }
        """);

    /// <summary>The command itself is what the user judges.</summary>
    public Task<string> PreviewAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
        Task.FromResult(input.Text("command") ?? input.Json);

    public async Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var command = input.RequiredText("command");
        var timeout = input.WholeNumber("timeout_seconds") is { } seconds and > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, LongestTimeout.TotalSeconds))
            : defaultTimeout;

        // The shell answers every run, a killed one too: an interrupt asks it to kill the command and the answer
        // still comes, so the token is not passed to the wait, which only guards against a shell that died.
        await using var kill = cancellationToken.Register(() => context.Shell.Tell(new ShellActor.Cancel(context.CallId)));
        var finished = await context.Shell.Ask<ShellActor.ShellFinished>(
            new ShellActor.Run(context.CallId, command, timeout), timeout + AnswerGrace).ConfigureAwait(false);
        return finished switch
        {
            { Result: { } result } => new ToolResult(result.ToToolContent(), result.IsError),
            { Failure: { } failure } => ToolResult.Error("bash failed: " + failure),
            _ => new ToolResult(ToolResult.InterruptedByUser + " The command was killed.", IsError: true, Interrupted: true),
        };
    }
}
