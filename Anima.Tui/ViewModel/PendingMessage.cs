namespace Anima.Tui.ViewModel;

/// <summary>A message this client sent that the journal has not shown back yet.</summary>
public sealed record PendingMessage(string CorrelationId, string Text)
{
    /// <summary>The sequence number the brain accepted it under, once it said so.</summary>
    public long? AcceptedSeq { get; init; }

    /// <summary>Not acknowledged and not in flight: it goes (again) once the link is back and the session caught up.</summary>
    public bool Waiting { get; init; }
}
