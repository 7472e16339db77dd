using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// The context of one LLM call: a token-budgeted window over the end of the session's event stream.
/// Pure and deterministic; it walks back from the newest event and stops as soon as the budget is
/// spent, so a long session costs only what the window looks at.
/// </summary>
/// <remarks>
/// The walk takes whole <em>groups</em>, newest first, while the budget lasts (the newest group always):
/// a user message; a model reply without tools; or a tool round — the model reply, the tool calls that
/// follow it, their responses and any user message typed while the tools ran. A group is never split,
/// so every tool_use reaches the model with its tool_result. A tool round with a call that has no
/// response (in flight, or lost in a crash) is left out whole; a response without its call too.
/// The window then starts on the oldest included user message; if the newest turn alone overflows the
/// budget, its opening user message is kept and the middle of the turn is left out instead.
/// Consecutive messages of one role are merged, as the API wants strict alternation.
/// </remarks>
public static class Viewport
{
    /// <param name="events">The session's events, oldest first; only the tail the budget reaches is read.</param>
    /// <param name="tokenBudget">Tokens the messages may cost (the system prompt and tools are the caller's).</param>
    public static ViewportResult Assemble(IReadOnlyList<ViewportEvent> events, int tokenBudget)
    {
        ArgumentNullException.ThrowIfNull(events);

        using var groups = GroupsNewestFirst(events).GetEnumerator();
        var taken = new List<Group>(); // newest first
        var tokens = 0;
        Group? overflow = null;
        while (groups.MoveNext())
        {
            var group = groups.Current;
            if (taken.Count > 0 && tokens + group.Tokens > tokenBudget)
            {
                overflow = group;
                break;
            }

            taken.Add(group);
            tokens += group.Tokens;
        }

        var opener = taken.FindLastIndex(g => g.IsUserText);
        if (opener >= 0)
        {
            var leftOut = taken.Count - 1 - opener;
            taken.RemoveRange(opener + 1, leftOut);
            return Build(taken, truncated: leftOut > 0 || overflow is not null || groups.MoveNext());
        }

        // The newest turn alone overflows: keep the user message that opened it, and as many of the
        // newest groups after it as still fit (at least the newest).
        var anchor = overflow;
        while (anchor is not null && !anchor.IsUserText)
        {
            anchor = groups.MoveNext() ? groups.Current : null;
        }

        if (anchor is null)
        {
            // No user message at all: there is no valid window.
            return ViewportResult.Empty;
        }

        tokens += anchor.Tokens;
        var skipped = overflow != anchor;
        while (taken.Count > 1 && tokens > tokenBudget)
        {
            tokens -= taken[^1].Tokens;
            taken.RemoveAt(taken.Count - 1);
            skipped = true;
        }

        taken.Add(anchor);
        return Build(taken, truncated: skipped || groups.MoveNext());
    }

    /// <summary>
    /// Eviction in batches, so the start of the window, and with it every byte of the conversation a provider has
    /// cached, stays the same for many calls: the window that starts at <paramref name="keepFrom"/> (the previous
    /// call's <see cref="ViewportResult.FirstSeq"/>; 0 for the whole session) is kept while it fits
    /// <paramref name="tokenBudget"/>; once it does not, the window drops to <paramref name="lowWaterBudget"/> and
    /// grows from there again.
    /// </summary>
    public static ViewportResult Assemble(IReadOnlyList<ViewportEvent> events, int tokenBudget, int lowWaterBudget, long keepFrom)
    {
        ArgumentNullException.ThrowIfNull(events);

        var taken = new List<Group>();
        var tokens = 0;
        var overBudget = false;
        var more = false;
        foreach (var group in GroupsNewestFirst(events))
        {
            if (group.FirstSeq < keepFrom)
            {
                more = true;
                break;
            }

            if (tokens + group.Tokens > tokenBudget)
            {
                overBudget = true;
                break;
            }

            taken.Add(group);
            tokens += group.Tokens;
        }

        // The kept window must still open on a user message (a turn's middle can never be its start).
        return !overBudget && taken.Count > 0 && taken[^1].IsUserText
            ? Build(taken, truncated: more)
            : Assemble(events, Math.Min(lowWaterBudget, tokenBudget));
    }

    private static ViewportResult Build(List<Group> newestFirst, bool truncated)
    {
        var messages = new List<(LlmRole Role, List<LlmContent> Content)>(newestFirst.Count * 2);
        var tokens = 0;
        var count = 0;
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var group = newestFirst[i];
            tokens += group.Tokens;
            count += group.EventCount;
            group.AppendTo(messages);
        }

        var llmMessages = new List<LlmMessage>(messages.Count);
        foreach (var (role, content) in messages)
        {
            llmMessages.Add(new LlmMessage(role, content));
        }

        return new ViewportResult(
            llmMessages,
            tokens,
            newestFirst.Count > 0 ? newestFirst[^1].FirstSeq : 0,
            count,
            truncated);
    }

    /// <summary>
    /// Walks back from the newest event and yields whole groups. Responses are seen before their calls,
    /// so they wait (with any user message typed between them) until the run of calls that opened the
    /// round is reached; that run and the reply just before it decide the round.
    /// </summary>
    private static IEnumerable<Group> GroupsNewestFirst(IReadOnlyList<ViewportEvent> events)
    {
        var calls = new List<ViewportEvent>(); // newest first
        var responses = new List<ViewportEvent>(); // newest first
        var typed = new List<ViewportEvent>(); // user messages inside a round, newest first

        for (var i = events.Count - 1; i >= 0; i--)
        {
            var current = events[i];
            if (calls.Count > 0 && current.Event is not ToolCall)
            {
                var reply = current.Event is AgentMessage ? current : null;
                foreach (var group in CloseRound(reply, calls, responses, typed))
                {
                    yield return group;
                }

                if (reply is not null)
                {
                    continue;
                }
            }

            switch (current.Event)
            {
                case ToolCall:
                    calls.Add(current);
                    break;
                case ToolResponse:
                    responses.Add(current);
                    break;
                case UserMessage when responses.Count > 0:
                    typed.Add(current);
                    break;
                case UserMessage:
                    yield return Group.UserText(current);
                    break;
                case AgentMessage agent:
                    // Responses waiting here have no call in reach: they are dropped.
                    foreach (var group in ReleaseTyped(responses, typed))
                    {
                        yield return group;
                    }

                    if (agent.Text.Length > 0)
                    {
                        yield return Group.PlainReply(current);
                    }

                    break;
                default:
                    // SessionStarted and SystemMessage are never sent and cost nothing.
                    break;
            }
        }

        var rest = calls.Count > 0
            ? CloseRound(null, calls, responses, typed)
            : ReleaseTyped(responses, typed);
        foreach (var group in rest)
        {
            yield return group;
        }
    }

    private static IEnumerable<Group> CloseRound(
        ViewportEvent? reply,
        List<ViewportEvent> calls,
        List<ViewportEvent> responses,
        List<ViewportEvent> typed)
    {
        var round = Group.Round(reply, calls, responses, typed);
        calls.Clear();
        if (round is null)
        {
            return ReleaseTyped(responses, typed);
        }

        responses.Clear();
        typed.Clear();
        return [round];
    }

    /// <summary>A round that cannot be sent still leaves the user's words in the stream.</summary>
    private static IEnumerable<Group> ReleaseTyped(List<ViewportEvent> responses, List<ViewportEvent> typed)
    {
        var released = new List<Group>(typed.Count);
        for (var i = 0; i < typed.Count; i++)
        {
            released.Add(Group.UserText(typed[i]));
        }

        responses.Clear();
        typed.Clear();
        return released;
    }

    private sealed class Group
    {
        private Group(
            ViewportEvent? reply,
            IReadOnlyList<ViewportEvent> calls,
            IReadOnlyList<ViewportEvent> results,
            IReadOnlyList<ViewportEvent> users)
        {
            Reply = reply;
            Calls = calls;
            Results = results;
            Users = users;
            FirstSeq = long.MaxValue;
            if (reply is not null)
            {
                Count(reply);
            }

            // Indexed loops: groups are built for every event a call looks at, on every call.
            for (var i = 0; i < calls.Count; i++)
            {
                Count(calls[i]);
            }

            for (var i = 0; i < results.Count; i++)
            {
                Count(results[i]);
            }

            for (var i = 0; i < users.Count; i++)
            {
                Count(users[i]);
            }
        }

        public ViewportEvent? Reply { get; }

        /// <summary>Tool calls in the order the model made them.</summary>
        public IReadOnlyList<ViewportEvent> Calls { get; }

        /// <summary>Tool responses in the order of <see cref="Calls"/>.</summary>
        public IReadOnlyList<ViewportEvent> Results { get; }

        /// <summary>User messages, oldest first.</summary>
        public IReadOnlyList<ViewportEvent> Users { get; }

        public int Tokens { get; private set; }

        public int EventCount { get; private set; }

        public long FirstSeq { get; private set; }

        public bool IsUserText => Reply is null && Calls.Count == 0;

        private void Count(ViewportEvent e)
        {
            Tokens += Math.Max(0, e.Tokens);
            EventCount++;
            FirstSeq = Math.Min(FirstSeq, e.Seq);
        }

        public static Group UserText(ViewportEvent user) => new(null, [], [], [user]);

        public static Group PlainReply(ViewportEvent reply) => new(reply, [], [], []);

        /// <summary>
        /// The round, or null when a call has no response (or a call id repeats): then it is left out whole.
        /// </summary>
        public static Group? Round(
            ViewportEvent? reply,
            List<ViewportEvent> callsNewestFirst,
            List<ViewportEvent> responsesNewestFirst,
            List<ViewportEvent> typedNewestFirst)
        {
            var byCallId = new Dictionary<string, ViewportEvent>(responsesNewestFirst.Count);
            foreach (var response in responsesNewestFirst)
            {
                // Walking back, the earliest response for a call is the last written here.
                byCallId[((ToolResponse)response.Event).CallId] = response;
            }

            var calls = new List<ViewportEvent>(callsNewestFirst.Count);
            var results = new List<ViewportEvent>(callsNewestFirst.Count);
            var seen = new HashSet<string>();
            for (var i = callsNewestFirst.Count - 1; i >= 0; i--)
            {
                var callId = ((ToolCall)callsNewestFirst[i].Event).CallId;
                if (!seen.Add(callId) || !byCallId.TryGetValue(callId, out var result))
                {
                    return null;
                }

                calls.Add(callsNewestFirst[i]);
                results.Add(result);
            }

            var users = Enumerable.Reverse(typedNewestFirst).ToList();
            return new Group(reply, calls, results, users);
        }

        public void AppendTo(List<(LlmRole Role, List<LlmContent> Content)> messages)
        {
            var assistant = new List<LlmContent>(Calls.Count + 2);
            if (Reply?.Event is AgentMessage agent)
            {
                if (ViewportRules.SendsThinking(agent))
                {
                    assistant.Add(new ThinkingContent(agent.Thinking!, agent.ThinkingSignature!));
                }

                if (agent.Text.Length > 0)
                {
                    assistant.Add(new TextContent(agent.Text));
                }
            }

            for (var i = 0; i < Calls.Count; i++)
            {
                var call = (ToolCall)Calls[i].Event;
                assistant.Add(new ToolUseContent(call.CallId, call.Name, call.InputJson));
            }

            // Tool results first: the API wants them at the head of the user message after the tool_use.
            var user = new List<LlmContent>(Results.Count + Users.Count);
            for (var i = 0; i < Results.Count; i++)
            {
                var response = (ToolResponse)Results[i].Event;
                user.Add(new ToolResultContent(response.CallId, response.Content, response.IsError));
            }

            for (var i = 0; i < Users.Count; i++)
            {
                user.Add(new TextContent(((UserMessage)Users[i].Event).Text));
            }

            Append(messages, LlmRole.Assistant, assistant);
            Append(messages, LlmRole.User, user);
        }

        private static void Append(List<(LlmRole Role, List<LlmContent> Content)> messages, LlmRole role, List<LlmContent> content)
        {
            if (content.Count == 0)
            {
                return;
            }

            if (messages.Count == 0 || messages[^1].Role != role)
            {
                messages.Add((role, content));
                return;
            }

            // Two replies in a row become one message; its thinking stays in front, where the API expects it.
            var merged = messages[^1].Content;
            var head = merged.TakeWhile(c => c is ThinkingContent).Count();
            merged.InsertRange(head, content.OfType<ThinkingContent>());
            merged.AddRange(content.Where(c => c is not ThinkingContent));
        }
    }
}
