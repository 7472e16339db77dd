namespace Anima.Actors.Sessions;

/// <summary>Names on the event bus.</summary>
public static class Topics
{
    public static string Session(string sessionId) => "session-" + sessionId;
}
