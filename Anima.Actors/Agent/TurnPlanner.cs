using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>What a turn does next, decided from the journal alone — so a loop restarted by its
/// supervisor, or by a brain that was killed, picks up exactly where the stream says it is.</summary>
public abstract record TurnStep
{
    /// <summary>The model had the last word, or a system message closed the turn.</summary>
    public sealed record Finished : TurnStep;

    /// <summary>Tool calls without a result: they were cut off (crash, restart) and get one saying so.</summary>
    public sealed record CloseDangling(IReadOnlyList<ToolCall> Calls) : TurnStep;

    /// <summary>
    /// The first call without a result asked for approval (the brain stopped while it waited, or before the answer was
    /// acted on): the loop takes that call up again — waits on, runs, or declines it — and the calls after it, which
    /// never started, as usual.
    /// </summary>
    public sealed record ResumeApproval(IReadOnlyList<ToolCall> Calls) : TurnStep;

    /// <summary>A user message or tool results wait for the model.</summary>
    public sealed record CallModel : TurnStep;
}

public static class TurnPlanner
{
    /// <param name="tail">The session's recent events, arranged by <see cref="ConversationOrder"/>.</param>
    public static TurnStep Next(IReadOnlyList<Journaled> tail)
    {
        var answered = new HashSet<string>();
        var asked = new HashSet<string>();
        var dangling = new List<ToolCall>();
        ISessionEvent? newest = null;
        for (var i = tail.Count - 1; i >= 0; i--)
        {
            var evt = tail[i].Event;
            if (evt is ApprovalRequested request)
            {
                asked.Add(request.CallId);
            }

            if (evt is SessionStarted or ApprovalRequested or ApprovalAnswered or PermissionModeChanged)
            {
                continue;
            }

            newest ??= evt;
            if (evt is ToolResponse response)
            {
                answered.Add(response.CallId);
            }
            else if (evt is ToolCall call && !answered.Contains(call.CallId))
            {
                dangling.Add(call);
            }
        }

        if (dangling.Count > 0)
        {
            dangling.Reverse();
            return asked.Contains(dangling[0].CallId) ? new TurnStep.ResumeApproval(dangling) : new TurnStep.CloseDangling(dangling);
        }

        return newest is UserMessage or ToolResponse ? new TurnStep.CallModel() : new TurnStep.Finished();
    }

    /// <summary>A session whose stream ends mid-turn (the brain stopped during it) resumes on recovery.</summary>
    public static bool IsOpen(IReadOnlyList<Journaled> tail) => Next(ConversationOrder.Arrange(tail)) is not TurnStep.Finished;
}
