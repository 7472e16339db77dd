using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// The correlation ids of the user messages in a session's tail, each with the sequence number it was journaled
/// under: a post repeated (a client that never heard its acknowledgement, or another client replaying it) is answered
/// with the first acknowledgement instead of being journaled twice. It covers the events the session keeps in
/// memory and in its snapshots, so it survives a restart; a post older than the tail is not recognised.
/// </summary>
public sealed class PostedMessages
{
    private readonly Dictionary<string, long> _seqById = new(StringComparer.Ordinal);
    private readonly Queue<(long Seq, string Id)> _oldestFirst = new();

    public int Count => _seqById.Count;

    public bool TryGetSeq(string correlationId, out long seq) => _seqById.TryGetValue(correlationId, out seq);

    /// <summary>Notes <paramref name="journaled"/> if it is a user message posted with a correlation id.</summary>
    public void Note(Journaled journaled)
    {
        if (journaled.Event is UserMessage { CorrelationId: { Length: > 0 } id } && _seqById.TryAdd(id, journaled.Seq))
        {
            _oldestFirst.Enqueue((journaled.Seq, id));
        }
    }

    /// <summary>Forgets the posts journaled before <paramref name="seq"/>: they have left the tail.</summary>
    public void ForgetBefore(long seq)
    {
        while (_oldestFirst.TryPeek(out var oldest) && oldest.Seq < seq)
        {
            _oldestFirst.Dequeue();
            _seqById.Remove(oldest.Id);
        }
    }
}
