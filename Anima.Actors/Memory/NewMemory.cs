namespace Anima.Actors.Memory;

/// <summary>A memory to be written: <see cref="MemoryStore.Add"/> gives it an id and encodes its meaning.</summary>
public sealed record NewMemory(string SessionId, MemoryKind Kind, long FromSeq, long ToSeq, string Text, DateTimeOffset At, Feeling Feeling);
