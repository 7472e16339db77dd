namespace Anima.Actors.Protocol;

/// <summary>Names on the event bus.</summary>
public static class Topics
{
    /// <summary>Every session's journaled events, for subscribers of the mind.</summary>
    public const string AllSessions = "sessions";
}
