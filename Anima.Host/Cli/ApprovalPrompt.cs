using Anima.Client;
using Anima.Messages.Sessions;

namespace Anima.Host.Cli;

/// <summary>
/// How <c>anima ask</c> answers a tool call that waits for approval: on a terminal it shows what the call would do and
/// asks y / n / a (always); without one it declines the call, says why and how to let such calls run, and ask exits 1.
/// </summary>
public sealed class ApprovalPrompt
{
    public const string ClientName = "anima ask";

    private readonly TextReader? _terminal;
    private readonly TextWriter _output;

    /// <param name="terminal">Where the user types answers; null when there is no terminal to ask on.</param>
    public ApprovalPrompt(TextReader? terminal, TextWriter output)
    {
        _terminal = terminal;
        _output = output;
    }

    /// <summary>The process's own: its stdin when that is a terminal, its stderr.</summary>
    public static ApprovalPrompt ForConsole() => new(Console.IsInputRedirected ? null : Console.In, Console.Error);

    /// <summary>Set once a call was declined because there was no terminal: ask then exits 1.</summary>
    public bool Refused { get; private set; }

    /// <summary>Asks (or declines) and sends the answer; another client may have answered first, which is said.</summary>
    public async Task AnswerAsync(BrainClient client, string sessionId, ApprovalRequested request)
    {
        ApprovalDecision decision;
        if (_terminal is null)
        {
            Refused = true;
            decision = ApprovalDecision.Deny;
            var rule = request.Rule is null ? string.Empty : $", or allow it in anima.conf: anima.tools.permissions.allow = [\"{request.Rule}\"]";
            _output.WriteLine($"anima: {request.ToolName} needs approval ({request.Reason}) and there is no terminal to ask on, so it was declined. "
                + $"Run ask with --mode auto-edit or --mode trust{rule}.");
        }
        else
        {
            _output.WriteLine($"? {request.ToolName} wants to run ({request.Reason}):");
            foreach (var line in request.Preview.Split('\n').Take(60))
            {
                _output.WriteLine("    " + line);
            }

            decision = await ReadDecisionAsync(request.Rule);
        }

        try
        {
            var recorded = await client.AnswerApprovalAsync(sessionId, request.CallId, decision, ClientName);
            if (recorded.Decision == ApprovalDecision.Always)
            {
                _output.WriteLine($"  allowed from now on in this session: {request.Rule}");
            }
        }
        catch (InvalidOperationException ex)
        {
            _output.WriteLine($"  not recorded: {ex.Message}");
        }
    }

    private async Task<ApprovalDecision> ReadDecisionAsync(string? rule)
    {
        var always = rule is null ? string.Empty : $" / a = always allow {rule} in this session";
        while (true)
        {
            _output.Write($"  Allow? y = yes / n = no{always} > ");
            var line = await _terminal!.ReadLineAsync();
            switch (line?.Trim().ToLowerInvariant())
            {
                case null:
                    return ApprovalDecision.Deny; // the terminal closed: nothing was approved
                case "y" or "yes":
                    return ApprovalDecision.Approve;
                case "n" or "no":
                    return ApprovalDecision.Deny;
                case "a" or "always" when rule is not null:
                    return ApprovalDecision.Always;
            }
        }
    }
}
