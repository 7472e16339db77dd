namespace Anima.Actors.Memory;

/// <summary>What a memory is: a moment as it was said, a summary of evicted moments, a summary of summaries, or a pin.</summary>
public enum MemoryKind
{
    /// <summary>One message of a session, word for word (a user's or the agent's).</summary>
    Event = 0,

    /// <summary>Level 1: a short summary of a batch of events that left the viewport, with the range it covers.</summary>
    Summary = 1,

    /// <summary>Level 2: several level-1 summaries merged, once they outgrow their share of the context.</summary>
    Digest = 2,

    /// <summary>What the agent (through <c>remember</c>) or the user asked never to be compressed.</summary>
    Pinned = 3,
}
