namespace Anima.Actors.Mind;

/// <summary>What the model made of a message: its verdicts, or why there are none (then the lexicon answers).</summary>
public sealed record ModelAppraisalOutcome(MessageToAppraise Message, IReadOnlyList<Verdict>? Verdicts, string? Failure);
