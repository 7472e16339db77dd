using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Messages.Mind;

/// <summary>How a session's mind feels now; replied with <see cref="MindReport"/>.</summary>
public sealed record GetMind(string SessionId) : IClientRequest;

/// <summary>One hormone as the user sees it: its level now, and the direction of its last move.</summary>
public sealed record HormoneReading(string Hormone, double Level, double Baseline, double Max, double LastDelta);

public sealed record MindReport(
    string SessionId,
    IReadOnlyList<HormoneReading> Hormones,
    string? InnerVoice,
    IReadOnlyList<HormoneChanged> Recent) : IClientReply;

/// <summary>Live: the mind of a session moved (sent to attached clients with the session's events).</summary>
public sealed record MindChanged(string SessionId, IReadOnlyList<HormoneReading> Hormones) : ITransientEvent;
