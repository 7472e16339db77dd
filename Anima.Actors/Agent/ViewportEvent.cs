using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// One journaled event as the viewport sees it: its sequence number, the event, and what it costs
/// in tokens (an estimate when written, an exact count once the API has told us).
/// </summary>
public sealed record ViewportEvent(long Seq, ISessionEvent Event, int Tokens)
{
    /// <summary>The event with its cost estimated by <see cref="TokenEstimator"/>.</summary>
    public static ViewportEvent Estimated(long seq, ISessionEvent sessionEvent) =>
        new(seq, sessionEvent, TokenEstimator.Estimate(sessionEvent));

    public static ViewportEvent From(Journaled journaled) => Estimated(journaled.Seq, journaled.Event);
}
