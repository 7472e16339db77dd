namespace Anima.Messages.Sessions;

/// <summary>A user's answer to a tool call that asked for approval.</summary>
public enum ApprovalDecision
{
    /// <summary>Run it, this once.</summary>
    Approve,

    /// <summary>Do not run it: the model reads that the user declined, and the turn goes on.</summary>
    Deny,

    /// <summary>Run it, and from now on every call the request's suggested rule matches, in this session.</summary>
    Always,
}
