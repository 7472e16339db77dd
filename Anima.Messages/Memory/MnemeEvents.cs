namespace Anima.Messages.Memory;

/// <summary>
/// An event of Mneme's own stream in the journal (persistence id <c>mneme</c>, one writer: the brain's Mneme). Its
/// memory file is made again from it and from the sessions' events: what a model call made (summaries), what the agent
/// pinned, what the user forgot, and how far each session's viewport has moved. A memory is named by what identifies it
/// in any copy of the file: its session, kind and event range (a row id is local to one file).
/// </summary>
public interface IMnemeEvent : IAnimaMessage
{
    string SessionId { get; }
}

/// <summary>
/// A summary of a session's events <paramref name="FromSeq"/>–<paramref name="ToSeq"/> was made: <paramref name="Level"/>
/// 1 summarises events, 2 (a digest) summarises level-1 summaries. With how the agent felt in the strongest moment it
/// covers (<paramref name="Levels"/>, <paramref name="Salience"/> 0–1, <paramref name="Feeling"/> in words).
/// </summary>
public sealed record MemorySummarised(
    string SessionId,
    int Level,
    long FromSeq,
    long ToSeq,
    string Text,
    DateTimeOffset At,
    IReadOnlyDictionary<string, double> Levels,
    double Salience,
    string Feeling) : IMnemeEvent;

/// <summary>
/// The agent pinned <paramref name="Text"/> (the <c>remember</c> tool) in a session, after its event
/// <paramref name="FromSeq"/>; <paramref name="ToSeq"/> is the moment it was made, in Unix milliseconds (two pins of one
/// turn are two pins).
/// </summary>
public sealed record MemoryPinned(
    string SessionId,
    long FromSeq,
    long ToSeq,
    string Text,
    DateTimeOffset At,
    IReadOnlyDictionary<string, double> Levels,
    double Salience,
    string Feeling) : IMnemeEvent;

/// <summary>
/// The viewport of <paramref name="SessionId"/> no longer shows its events before <paramref name="BeforeSeq"/> (one batch
/// eviction, at <paramref name="At"/>): Mneme summarises up to there, and a file made again knows it without waiting for
/// the next eviction.
/// </summary>
public sealed record EventsEvicted(string SessionId, long BeforeSeq, DateTimeOffset At) : IMnemeEvent;

/// <summary>
/// The memory of <paramref name="SessionId"/> of that <paramref name="Kind"/> ("event", "summary", "digest",
/// "pinned") and range was forgotten, by <paramref name="By"/> (the client that asked): out of recall, and out of
/// every summary that held it.
/// </summary>
public sealed record MemoryForgotten(
    string SessionId,
    string Kind,
    long FromSeq,
    long ToSeq,
    string By,
    DateTimeOffset At) : IMnemeEvent;
