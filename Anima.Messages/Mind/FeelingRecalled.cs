namespace Anima.Messages.Mind;

/// <summary>
/// A memory came back in a session, carrying the hormone levels of the moment it was made: the mind lets that
/// feeling touch the present a little (each level moves <c>anima.mind.recall.gain</c> of the way toward the
/// remembered one). Sent by memory (Mneme) to Thymos, or published on the mind's stimuli topic.
/// </summary>
public sealed record FeelingRecalled(
    string SessionId,
    string MemoryId,
    IReadOnlyDictionary<string, double> Levels,
    DateTimeOffset At) : IAnimaMessage;
