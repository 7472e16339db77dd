using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>Where a tool call stands with its approval, read from the journal's tail.</summary>
public static class Approvals
{
    /// <summary>The call's request and its answer, if any, and whether it has a result.</summary>
    public static (ApprovalRequested? Request, ApprovalAnswered? Answer, bool HasResult) Of(IReadOnlyList<Journaled> tail, string callId)
    {
        ApprovalRequested? request = null;
        ApprovalAnswered? answer = null;
        var hasResult = false;
        for (var i = tail.Count - 1; i >= 0; i--)
        {
            switch (tail[i].Event)
            {
                case ApprovalRequested r when r.CallId == callId:
                    request = r;
                    return (request, answer, hasResult);
                case ApprovalAnswered a when a.CallId == callId:
                    answer ??= a;
                    break;
                case ToolResponse response when response.CallId == callId:
                    hasResult = true;
                    break;
                case ToolCall call when call.CallId == callId:
                    return (request, answer, hasResult);
            }
        }

        return (request, answer, hasResult);
    }

    /// <summary>The request of <paramref name="callId"/>, if it still waits for an answer.</summary>
    public static ApprovalRequested? Open(IReadOnlyList<Journaled> tail, string callId) =>
        Of(tail, callId) is ({ } request, null, false) ? request : null;

    /// <summary>The requests that wait for an answer, oldest first.</summary>
    public static IReadOnlyList<ApprovalRequested> AllOpen(IReadOnlyList<Journaled> tail)
    {
        var closed = new HashSet<string>();
        var open = new List<ApprovalRequested>();
        for (var i = tail.Count - 1; i >= 0; i--)
        {
            switch (tail[i].Event)
            {
                case ApprovalAnswered a:
                    closed.Add(a.CallId);
                    break;
                case ToolResponse r:
                    closed.Add(r.CallId);
                    break;
                case ApprovalRequested r when !closed.Contains(r.CallId):
                    open.Add(r);
                    break;
            }
        }

        open.Reverse();
        return open;
    }
}
