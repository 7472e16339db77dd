using System.Collections.Frozen;
using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// The stimuli the mind knows, by name; config maps each to gains. Four are read straight off a session's events
/// (<see cref="Of"/>); the others come from the appraisal, journaled with their cause. A new kind of stimulus is a
/// new name here and the code that recognises it; the hormones it moves are data.
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

    /// <summary>The user said no to a tool call the agent asked to make: not a failure of the tool.</summary>
    public const string UserDeclined = "user-declined";

    /// <summary>The user approves of the agent's work.</summary>
    public const string Praise = "praise";

    /// <summary>The user disapproves of it or corrects it.</summary>
    public const string Criticism = "criticism";

    public const string Gratitude = "gratitude";

    /// <summary>A message opens a topic unlike the last few.</summary>
    public const string Novelty = "novelty";

    /// <summary>A turn that acted ended in success, or the user says a task is done.</summary>
    public const string TaskCompleted = "task-completed";

    /// <summary>The user writes again after a long quiet.</summary>
    public const string LongSilence = "long-silence";

    /// <summary>Several tool calls failed in a row.</summary>
    public const string RepeatedFailure = "repeated-failure";

    /// <summary>
    /// A recalled memory's feeling (memory's entry point into the mind): not a gain, a pull of
    /// <c>anima.mind.recall.gain</c> toward the remembered levels.
    /// </summary>
    public const string RecalledFeeling = "recalled-feeling";

    /// <summary>What a user message can be appraised as, by a model or by the lexicon.</summary>
    public static FrozenSet<string> OfMessages { get; } = FrozenSet.Create(StringComparer.Ordinal, Praise, Criticism, Gratitude, Novelty, TaskCompleted);

    /// <summary>Every name config may give a gain to.</summary>
    public static FrozenSet<string> Known { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        ToolError,
        ToolSuccess,
        UserMessage,
        UserInterrupt,
        UserDeclined,
        Praise,
        Criticism,
        Gratitude,
        Novelty,
        TaskCompleted,
        LongSilence,
        RepeatedFailure);

    /// <summary>The stimuli a session event carries by itself, with no appraisal.</summary>
    public static IReadOnlyList<string> Of(ISessionEvent sessionEvent) => sessionEvent switch
    {
        SystemMessage { Interrupted: true } => [UserInterrupt],
        ToolResponse { Interrupted: true } => [],
        ToolResponse { Declined: true } => [UserDeclined],
        ToolResponse { IsError: true } => [ToolError],
        ToolResponse => [ToolSuccess],
        Messages.Sessions.UserMessage => [UserMessage],
        _ => [],
    };
}
