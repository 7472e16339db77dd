namespace Anima.Actors.Mind;

/// <summary>
/// How user messages and turns are appraised. <paramref name="Model"/> null: the lexical rules alone.
/// <paramref name="Lexicon"/>: stimulus → phrases, the fallback when no model answers.
/// </summary>
public sealed record AppraisalSettings(
    string? Model,
    int MaxTokens,
    TimeSpan Timeout,
    int Attempts,
    TimeSpan LongSilence,
    int RepeatedFailure,
    double NoveltyOverlap,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Lexicon);
