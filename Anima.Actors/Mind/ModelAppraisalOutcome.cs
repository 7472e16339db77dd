using Anima.Messages.Sessions;

namespace Anima.Actors.Mind;

/// <summary>
/// What the model made of a message: its verdicts, or why there are none (then the lexicon answers). <paramref name="Usage"/>
/// is what the call was billed, when the model answered (also with an answer that was not the JSON asked for).
/// </summary>
public sealed record ModelAppraisalOutcome(MessageToAppraise Message, IReadOnlyList<Verdict>? Verdicts, string? Failure, TokenUsage? Usage = null);
