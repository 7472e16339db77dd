namespace Anima.Actors.Usage;

/// <summary>Why a model was called: every call costs money, the agent's turns and the calls beside them.</summary>
public static class CallKind
{
    /// <summary>The agent's turn.</summary>
    public const string Agent = "agent";

    /// <summary>The mind reading a user message (<c>anima.mind.appraisal.model</c>).</summary>
    public const string Appraisal = "appraisal";

    /// <summary>Memory summarising evicted events (level 1) or summaries (level 2: a digest).</summary>
    public const string Summary = "summary";

    public const string Digest = "digest";

    /// <summary>How a report names the kind, for a user who does not know the parts.</summary>
    public static string Describe(string kind) => kind switch
    {
        Agent => "agent (turns)",
        Appraisal => "mind (appraisal)",
        Summary => "memory (summaries)",
        Digest => "memory (digests)",
        _ => kind,
    };
}
