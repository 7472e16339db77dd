namespace Anima.Actors.Memory;

/// <summary>
/// What names a memory in any copy of Mneme's file: its session, kind and event range (unique in the store). A row id
/// is local to one file; a key read from the journal finds the same memory in a file made again.
/// </summary>
public sealed record MemoryKey(string SessionId, MemoryKind Kind, long FromSeq, long ToSeq);
