using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// The journal keeps events in the order they were written; the model must see the conversation in the
/// order it happened to it. A message the user sent while the model was answering is journaled before that
/// answer, but the answer never saw it: it belongs after the answer's tool round, where it is answered next.
/// The same holds for a system message that closed a turn (an interrupt, a failure): what it did not see follows it.
/// </summary>
public static class ConversationOrder
{
    public static IReadOnlyList<Journaled> Arrange(IReadOnlyList<Journaled> events)
    {
        Dictionary<long, long>? deferredTo = null; // user message seq → seq of the answer it arrived during
        for (var i = 0; i < events.Count; i++)
        {
            if (SeenBy(events[i].Event) is not { } seen)
            {
                continue;
            }

            for (var j = i - 1; j >= 0 && events[j].Seq > seen; j--)
            {
                if (events[j].Event is UserMessage)
                {
                    (deferredTo ??= [])[events[j].Seq] = events[i].Seq;
                }
            }
        }

        if (deferredTo is null)
        {
            return events;
        }

        var arranged = new List<Journaled>(events.Count);
        var waiting = new List<Journaled>();
        long? roundOf = null;
        foreach (var journaled in events)
        {
            if (deferredTo.ContainsKey(journaled.Seq))
            {
                waiting.Add(journaled);
                continue;
            }

            // The answer's round is the answer and its tool calls and results; deferred messages follow it.
            // Approvals and mode changes belong to the round they happen in: a message flushed before them would split
            // a tool call from its result.
            if (roundOf is not null && journaled.Event is not (ToolCall or ToolResponse or ApprovalRequested or ApprovalAnswered or PermissionModeChanged))
            {
                Flush();
            }

            arranged.Add(journaled);
            if (journaled.Event is AgentMessage or SystemMessage && waiting.Count > 0)
            {
                roundOf = journaled.Seq;
            }
        }

        Flush();
        arranged.AddRange(waiting);
        return arranged;

        static long? SeenBy(ISessionEvent evt) => evt switch
        {
            AgentMessage answer => answer.SeenSeq,
            SystemMessage closing => closing.SeenSeq,
            _ => null,
        };

        void Flush()
        {
            if (roundOf is { } answer)
            {
                arranged.AddRange(waiting.Where(w => deferredTo[w.Seq] == answer));
                waiting.RemoveAll(w => deferredTo[w.Seq] == answer);
                roundOf = null;
            }
        }
    }
}
