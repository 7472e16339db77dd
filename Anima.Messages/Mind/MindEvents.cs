namespace Anima.Messages.Mind;

/// <summary>
/// A hormone of a session's mind moved: <paramref name="Level"/> is where it stood at <paramref name="At"/>
/// (absolute, so replay needs no gain table), <paramref name="Delta"/> how far it moved from its decayed
/// value, <paramref name="Cause"/> the stimulus (e.g. <c>tool-error</c>), <paramref name="SourceSeq"/> the
/// session event that caused it, <paramref name="Reason"/> what the stimulus was about, in words (e.g. the
/// user's "great job", and who appraised it). Journaled, never shown to the model.
/// </summary>
public sealed record HormoneChanged(
    string SessionId,
    string Hormone,
    double Level,
    double Delta,
    string Cause,
    DateTimeOffset At,
    long SourceSeq = 0,
    string? Reason = null) : IAnimaMessage;
