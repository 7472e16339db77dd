using Anima.Messages.Clients;
using Anima.Messages.Sessions;

namespace Anima.Messages.Mind;

/// <summary>How a session's mind feels now; replied with <see cref="MindReport"/>.</summary>
public sealed record GetMind(string SessionId) : IClientRequest;

/// <summary>One hormone as the user sees it: its level now, and the direction of its last move.</summary>
public sealed record HormoneReading(string Hormone, double Level, double Baseline, double Max, double LastDelta);

/// <summary>
/// A session's mind for the user: every hormone, the inner voice and desires as the agent feels them now, the
/// recent changes with their causes (newest first), and what the channels ask of the next call.
/// </summary>
public sealed record MindReport(
    string SessionId,
    IReadOnlyList<HormoneReading> Hormones,
    string? InnerVoice,
    IReadOnlyList<HormoneChanged> Recent,
    IReadOnlyList<string>? Desires = null,
    int? ThinkingBudget = null,
    int? ToolRounds = null) : IClientReply;

/// <summary>Live: the mind of a session moved (sent to attached clients with the session's events).</summary>
public sealed record MindChanged(string SessionId, IReadOnlyList<HormoneReading> Hormones, IReadOnlyList<string>? Desires = null) : ITransientEvent;
