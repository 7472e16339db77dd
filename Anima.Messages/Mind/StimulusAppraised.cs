namespace Anima.Messages.Mind;

/// <summary>
/// The appraisal found a stimulus in a session: <paramref name="Stimulus"/> (e.g. <c>praise</c>) because of
/// <paramref name="Cause"/> (words a user can read), judged by <paramref name="Source"/> (<c>model</c>,
/// <c>lexical</c> or <c>rule</c>), about the session event <paramref name="SourceSeq"/> at <paramref name="At"/>.
/// Journaled by the appraisal before it is published, so a replay never asks a model again.
/// </summary>
public sealed record StimulusAppraised(
    string SessionId,
    string Stimulus,
    string Cause,
    string Source,
    long SourceSeq,
    DateTimeOffset At) : IAnimaMessage;
