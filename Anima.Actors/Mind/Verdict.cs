namespace Anima.Actors.Mind;

/// <summary>One stimulus an appraisal found, with its cause in words a user can read.</summary>
public sealed record Verdict(string Stimulus, string Cause);
