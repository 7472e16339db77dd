using Anima.Messages.Sessions;

namespace Anima.Actors.Usage;

/// <summary>
/// One model call as the provider billed it (the usage its response reported): for which session, in which turn
/// (<paramref name="Turn"/>, the seq of the user message that opened it; null for calls no turn made, such as
/// summaries), why (<see cref="CallKind"/>) and with which model.
/// </summary>
public sealed record BilledCall(string SessionId, long? Turn, string Kind, string Model, TokenUsage Usage, DateTimeOffset At);
