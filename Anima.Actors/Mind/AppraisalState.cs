using System.Collections.Immutable;
using System.Globalization;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// What the appraisal of one session remembers between events, and the rules that need no reading of words:
/// a long silence before a message, several tool errors in a row, a turn that acted and ended in success.
/// Pure: <see cref="Observe"/> returns the next state, the stimuli by rule, and the user message to appraise.
/// </summary>
public sealed record AppraisalState(
    ImmutableList<string> RecentUserTexts,
    DateTimeOffset? LastEventAt,
    int ErrorsInARow,
    int TurnToolCalls,
    int TurnErrors,
    bool LastToolSucceeded)
{
    /// <summary>How many of the user's earlier messages a new one is compared with.</summary>
    public const int RecentMessages = 3;

    public static AppraisalState Empty { get; } = new([], null, 0, 0, 0, false);

    /// <param name="at">When the event is read, on the mind's clock (moments after it was written).</param>
    public (AppraisalState State, IReadOnlyList<Verdict> ByRule, MessageToAppraise? Message) Observe(Journaled journaled, AppraisalSettings settings, DateTimeOffset at)
    {
        var state = this with { LastEventAt = at };
        switch (journaled.Event)
        {
            case UserMessage message:
                var quiet = LastEventAt is { } last ? at - last : TimeSpan.Zero;
                var byRule = quiet >= settings.LongSilence
                    ? [new Verdict(Stimulus.LongSilence, $"no word from them for {Span(quiet)}")]
                    : Array.Empty<Verdict>();
                var toAppraise = new MessageToAppraise(journaled.Seq, message.Text, RecentUserTexts, at);
                var recent = RecentUserTexts.Add(message.Text);
                return (state with
                {
                    RecentUserTexts = recent.Count > RecentMessages ? recent.RemoveAt(0) : recent,
                    TurnToolCalls = 0,
                    TurnErrors = 0,
                    LastToolSucceeded = false,
                }, byRule, toAppraise);

            case ToolCall:
                return (state with { TurnToolCalls = TurnToolCalls + 1 }, [], null);

            case ToolResponse { Interrupted: true } or ToolResponse { Declined: true }:
                // Cut short or refused by the user: neither a failure nor a success of the agent's.
                return (state, [], null);

            case ToolResponse { IsError: true }:
                var errors = ErrorsInARow + 1;
                state = state with { ErrorsInARow = errors, TurnErrors = TurnErrors + 1, LastToolSucceeded = false };
                return errors == settings.RepeatedFailure
                    ? (state, [new Verdict(Stimulus.RepeatedFailure, $"{errors} tool calls failed in a row")], null)
                    : (state, [], null);

            case ToolResponse:
                return (state with { ErrorsInARow = 0, LastToolSucceeded = true }, [], null);

            case AgentMessage { StopReason: not ("tool_use" or "interrupted") } when TurnToolCalls > 0:
                // The turn's last word: it acted, and its last tool call succeeded.
                var done = LastToolSucceeded
                    ? [new Verdict(Stimulus.TaskCompleted, $"finished the turn after {TurnToolCalls} tool call{(TurnToolCalls == 1 ? "" : "s")}{(TurnErrors > 0 ? $" ({TurnErrors} failed)" : "")}")]
                    : Array.Empty<Verdict>();
                return (state with { TurnToolCalls = 0, TurnErrors = 0, LastToolSucceeded = false }, done, null);

            default:
                return (state, [], null);
        }
    }

    private static string Span(TimeSpan quiet) =>
        quiet >= TimeSpan.FromDays(2) ? $"{(int)quiet.TotalDays} days"
        : quiet >= TimeSpan.FromHours(1) ? $"{((int)quiet.TotalHours).ToString(CultureInfo.InvariantCulture)} h"
        : $"{(int)quiet.TotalMinutes} min";
}
