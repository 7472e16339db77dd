using Akka.Actor;
using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Actors.Gateway;

/// <summary>
/// Cuts an event too big for one message to a client into <see cref="JournaledPart"/>s. Remoting drops a message
/// over its frame size (4 MB) with nothing but a line in the brain's log: a client never heard of the event (the
/// TUI showed a tool running for ever, <c>export</c> left the event out and exited 0). Tool results are capped
/// now, but journals hold rows from before, and a user's message has no cap.
/// </summary>
public static class EventParts
{
    /// <summary>The parts of <paramref name="journaled"/>, or null when it fits one message of <paramref name="maxBytes"/>.</summary>
    public static IReadOnlyList<JournaledPart>? Split(Journaled journaled, bool history, ActorSystem system, int maxBytes)
    {
        // A character takes at most six bytes as JSON: most events are far below and are not serialized here.
        if (128 + 6L * Characters(journaled.Event) <= maxBytes)
        {
            return null;
        }

        var bytes = system.Serialization.FindSerializerFor(journaled).ToBinary(journaled);
        if (bytes.Length <= maxBytes)
        {
            return null;
        }

        // Parts go as base64 (a third larger): half the limit each keeps them well inside a frame.
        var partBytes = Math.Max(1, maxBytes / 2);
        var count = (bytes.Length + partBytes - 1) / partBytes;
        return Enumerable.Range(0, count)
            .Select(i => new JournaledPart(journaled.SessionId, journaled.Seq, i, count, bytes[(i * partBytes)..Math.Min(bytes.Length, (i + 1) * partBytes)], history))
            .ToArray();
    }

    private static long Characters(ISessionEvent evt) => evt switch
    {
        UserMessage m => m.Text.Length,
        AgentMessage m => m.Text.Length + (m.Thinking?.Length ?? 0) + (m.ThinkingSignature?.Length ?? 0),
        ToolCall c => c.InputJson.Length + c.Name.Length + c.CallId.Length,
        ToolResponse r => r.Content.Length + r.CallId.Length,
        SystemMessage s => s.Text.Length,
        SessionStarted s => s.Title?.Length ?? 0,
        _ => int.MaxValue / 8, // unknown: measure it
    };
}
