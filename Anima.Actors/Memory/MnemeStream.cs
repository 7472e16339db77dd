using Anima.Messages.Memory;

namespace Anima.Actors.Memory;

/// <summary>
/// Mneme's stream in the journal (persistence id <see cref="PersistenceId"/>): the events its file is made again from
/// (summaries, pins, forgets, and how far each session's viewport has moved), and how each is applied to a store.
/// </summary>
public static class MnemeStream
{
    public const string PersistenceId = "mneme";

    /// <summary>The event that journals a summary, a digest or a pin about to be written.</summary>
    public static IMnemeEvent Made(NewMemory memory) => memory.Kind switch
    {
        MemoryKind.Summary or MemoryKind.Digest => new MemorySummarised(
            memory.SessionId, memory.Kind == MemoryKind.Digest ? 2 : 1, memory.FromSeq, memory.ToSeq, memory.Text, memory.At,
            memory.Feeling.Levels, memory.Feeling.Salience, memory.Feeling.Words),
        MemoryKind.Pinned => new MemoryPinned(
            memory.SessionId, memory.FromSeq, memory.ToSeq, memory.Text, memory.At, memory.Feeling.Levels, memory.Feeling.Salience, memory.Feeling.Words),
        _ => throw new ArgumentException($"A {memory.Kind} memory is read from its session's events, not journaled again.", nameof(memory)),
    };

    /// <summary>The same memory, as a file that was not there when it was made writes it.</summary>
    public static NewMemory Memory(MemoryEntry entry) =>
        new(entry.SessionId, entry.Kind, entry.FromSeq, entry.ToSeq, entry.Text, entry.At, new Feeling(entry.Levels, entry.Salience, entry.Feeling));

    public static MemoryForgotten Forgotten(MemoryKey key, string by, DateTimeOffset at) =>
        new(key.SessionId, Name(key.Kind), key.FromSeq, key.ToSeq, by, at);

    public static EventsEvicted Evicted(string sessionId, long beforeSeq, DateTimeOffset at) => new(sessionId, beforeSeq, at);

    public static string Name(MemoryKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// Applies one event of the stream, with its sequence number saved as applied in the same transaction. Applying one
    /// twice changes nothing (a memory is unique by its key; a forgotten one stays so).
    /// </summary>
    public static void Apply(MemoryStore store, long seq, object evt)
    {
        switch (evt)
        {
            case MemorySummarised s:
                store.Add([new NewMemory(s.SessionId, s.Level == 2 ? MemoryKind.Digest : MemoryKind.Summary, s.FromSeq, s.ToSeq, s.Text, s.At, new Feeling(s.Levels, s.Salience, s.Feeling))], null, seq);
                break;
            case MemoryPinned p:
                store.Add([new NewMemory(p.SessionId, MemoryKind.Pinned, p.FromSeq, p.ToSeq, p.Text, p.At, new Feeling(p.Levels, p.Salience, p.Feeling))], null, seq);
                break;
            case EventsEvicted e:
                store.MarkEvicted(e.SessionId, e.BeforeSeq, seq);
                break;
            case MemoryForgotten f when Enum.TryParse<MemoryKind>(f.Kind, ignoreCase: true, out var kind):
                store.Forget(new MemoryKey(f.SessionId, kind, f.FromSeq, f.ToSeq), f.By, f.At, seq);
                break;
            default:
                store.MarkStreamApplied(seq); // written by a newer Anima: nothing this one knows to do
                break;
        }
    }
}
