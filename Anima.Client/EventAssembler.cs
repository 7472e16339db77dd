using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Messages.Serialization;

namespace Anima.Client;

/// <summary>
/// Puts together an event the brain sent in parts (<see cref="JournaledPart"/>): too big for one message. Parts of one
/// event come in order from one feed; feeds of different sessions may interleave theirs.
/// </summary>
public sealed class EventAssembler
{
    private readonly Dictionary<(string SessionId, long Seq), List<byte[]>> _partial = [];

    /// <summary>The whole event once its last part is in; null before, and for a part that does not follow the ones before it.</summary>
    public Journaled? Add(JournaledPart part, Akka.Serialization.Serialization serialization)
    {
        var key = (part.SessionId, part.Seq);
        if (part.Part == 0)
        {
            _partial[key] = [];
        }

        if (!_partial.TryGetValue(key, out var parts) || parts.Count != part.Part)
        {
            _partial.Remove(key); // a part went missing (the link broke): the re-attach sends the event again
            return null;
        }

        parts.Add(part.Bytes);
        if (parts.Count < part.Parts)
        {
            return null;
        }

        _partial.Remove(key);
        var bytes = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var piece in parts)
        {
            piece.CopyTo(bytes, at);
            at += piece.Length;
        }

        return (Journaled)serialization.Deserialize(bytes, AnimaSerializer.SerializerId, "journaled");
    }

    /// <summary>Forgets what was half received (the link was lost).</summary>
    public void Clear() => _partial.Clear();
}
