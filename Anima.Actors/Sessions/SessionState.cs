using Anima.Messages.Sessions;

namespace Anima.Actors.Sessions;

/// <summary>
/// A session's state, evolved only by its journaled events. Pure: the actor persists, this decides.
/// </summary>
public sealed record SessionState(
    string SessionId,
    string? Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount,
    long LastSeq,
    EventTail Tail,
    string? WorkingDirectory = null)
{
    /// <summary>How many recent events the state keeps for the agent's viewport.</summary>
    public const int DefaultTailCapacity = 2000;

    public static SessionState Empty(string sessionId) =>
        new(sessionId, null, default, default, 0, 0, EventTail.Empty);

    public bool Exists => LastSeq > 0;

    public SessionState Apply(Journaled journaled, int tailCapacity = DefaultTailCapacity)
    {
        var evt = journaled.Event;
        return this with
        {
            Title = Title ?? TitleFrom(evt),
            WorkingDirectory = evt is SessionStarted started ? started.WorkingDirectory : WorkingDirectory,
            CreatedAt = evt is SessionStarted ? evt.At : CreatedAt == default ? evt.At : CreatedAt,
            UpdatedAt = evt.At,
            MessageCount = MessageCount + (evt is UserMessage or AgentMessage ? 1 : 0),
            LastSeq = journaled.Seq,
            Tail = Tail.Append(journaled, tailCapacity),
        };
    }

    public SessionSnapshot ToSnapshot() =>
        new(SessionId, Title, CreatedAt, UpdatedAt, MessageCount, LastSeq, Tail.ToArray(), WorkingDirectory);

    public static SessionState FromSnapshot(SessionSnapshot snapshot, int tailCapacity = DefaultTailCapacity) =>
        new(snapshot.SessionId, snapshot.Title, snapshot.CreatedAt, snapshot.UpdatedAt, snapshot.MessageCount,
            snapshot.LastSeq, EventTail.Of(snapshot.Tail, tailCapacity), snapshot.WorkingDirectory);

    /// <summary>A session is named by its explicit title, else by the first line of its first user message.</summary>
    public static string? TitleFrom(ISessionEvent evt) => evt switch
    {
        SessionStarted { Title: { Length: > 0 } title } => title,
        UserMessage user => Shorten(user.Text),
        _ => null,
    };

    private static string Shorten(string text)
    {
        var line = text.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length <= 60 ? line.ToString() : string.Concat(line[..59].TrimEnd(), "…");
    }
}
