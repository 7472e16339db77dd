using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;

namespace Anima.Tui.ViewModel;

/// <summary>
/// Everything the screen knows of the open session: its transcript, what the session list said of it, the
/// context window, and how the agent feels. The brain's pushes for the session land here; pushes for another
/// session (one just left) are ignored. Pure, so what a push does to the screen can be tested without one.
/// </summary>
public sealed class SessionView(string sessionId, SessionSummary? summary)
{
    public Transcript Transcript { get; } = new(sessionId);

    public string SessionId => Transcript.SessionId;

    public SessionSummary? Summary { get; } = summary;

    public ContextWindowInfo? Context { get; private set; }

    public PermissionView Permissions { get; } = new();

    public IReadOnlyList<HormoneReading>? Mind { get; private set; }

    public IReadOnlyList<string>? Desires { get; private set; }

    /// <summary>What memory brought back for the last turn (live, or kept by the session for a client that attached after it).</summary>
    public MemoryRecalled? Recalled { get; private set; }

    /// <summary>What the session's model calls cost, the agent's and those beside them; asked for on opening and after each turn.</summary>
    public UsageRow? Usage { get; private set; }

    /// <summary>Applies a chunk of history; true when it is this session's last (the history has caught up).</summary>
    public bool Apply(HistoryChunk chunk)
    {
        foreach (var journaled in chunk.Events)
        {
            Apply(journaled);
        }

        return chunk.Last && chunk.SessionId == SessionId;
    }

    public void Apply(Journaled journaled)
    {
        Transcript.Apply(journaled);
        if (journaled.SessionId == SessionId)
        {
            Permissions.Apply(journaled.Event);
        }
    }

    /// <summary>A live-only event: the mind and the context window go to the sidebar, the rest to the transcript.</summary>
    public void Apply(ITransientEvent transient)
    {
        if (transient is MemoryRecalled recalled)
        {
            if (recalled.SessionId == SessionId)
            {
                Recalled = recalled;
            }

            return;
        }

        if (transient is TurnInFlight { Recalled: { } kept } && kept.SessionId == SessionId)
        {
            Recalled = kept;
        }

        if (transient is MindChanged changed)
        {
            if (changed.SessionId == SessionId)
            {
                Felt(changed.Hormones, changed.Desires);
            }

            return;
        }

        if (ContextWindowInfo.From(transient) is { } context)
        {
            if (context.SessionId == SessionId)
            {
                Context = context;
            }

            return;
        }

        if (transient is TurnInFlight inFlight && inFlight.SessionId == SessionId)
        {
            Permissions.Apply(inFlight);
        }

        Transcript.Apply(transient);
    }

    /// <summary>The mind's answer to the request made on opening the session.</summary>
    public void Apply(MindReport report)
    {
        if (report.SessionId == SessionId)
        {
            Felt(report.Hormones, report.Desires);
        }
    }

    /// <summary>The answer to the usage request for this session.</summary>
    public void Apply(UsageReport report, string sessionId)
    {
        if (sessionId == SessionId)
        {
            Usage = report.Total;
        }
    }

    private void Felt(IReadOnlyList<HormoneReading> hormones, IReadOnlyList<string>? desires)
    {
        Mind = hormones;
        Desires = desires;
    }
}
