namespace Anima.Actors.Memory;

/// <summary>What memory gives one turn: the memories its message brought back, and the session's layers and pins.</summary>
public sealed record MemoryContext(IReadOnlyList<RecalledMemory> Recalled, IReadOnlyList<MemoryEntry> Layers, IReadOnlyList<MemoryEntry> Pins)
{
    public static MemoryContext Empty { get; } = new([], [], []);
}
