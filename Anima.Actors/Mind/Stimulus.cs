using System.Collections.Frozen;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// What a session event means to the mind: zero or more stimulus names, which config maps to gains.
/// A new kind of stimulus is a new name here and the code that recognises it; the hormones it moves are data.
/// </summary>
public static class Stimulus
{
    /// <summary>A tool response marked as an error (a failed call, or bash exiting non-zero).</summary>
    public const string ToolError = "tool-error";

    public const string ToolSuccess = "tool-success";

    public const string UserMessage = "user-message";

    /// <summary>
    /// The user stopped a turn (Esc, Ctrl+C). Felt once per interrupt, from the message that closes the turn; the
    /// tools it killed or skipped are not tool errors (they counted +10 each before: an interrupt that cut one
    /// command and skipped another weighed as two failures).
    /// </summary>
    public const string UserInterrupt = "user-interrupt";

    /// <summary>Every name config may give a gain to.</summary>
    public static FrozenSet<string> Known { get; } = FrozenSet.Create(StringComparer.Ordinal, ToolError, ToolSuccess, UserMessage, UserInterrupt);

    public static IReadOnlyList<string> Of(ISessionEvent sessionEvent) => sessionEvent switch
    {
        SystemMessage { Interrupted: true } => [UserInterrupt],
        ToolResponse { Interrupted: true } => [],
        ToolResponse { IsError: true } => [ToolError],
        ToolResponse => [ToolSuccess],
        Messages.Sessions.UserMessage => [UserMessage],
        _ => [],
    };
}
