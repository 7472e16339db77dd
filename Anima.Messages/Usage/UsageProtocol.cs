using System.Text.Json.Serialization;
using Anima.Messages.Clients;

namespace Anima.Messages.Usage;

/// <summary>
/// What the model calls cost: with <paramref name="SessionId"/> per turn of that session, with <paramref name="Day"/>
/// (yyyy-MM-dd, the brain's local day) per session of that day, both: that session's turns of that day, neither: per day.
/// Replied with <see cref="UsageReport"/>.
/// </summary>
public sealed record GetUsage(string? SessionId = null, string? Day = null) : IClientRequest;

/// <summary>
/// Tokens as the provider reported them, summed over <paramref name="Calls"/> model calls, and their cost in US
/// dollars at the configured prices. <paramref name="UnpricedCalls"/> of them were made with a model that has no
/// price: their tokens are counted, their cost is not in <paramref name="Cost"/>.
/// </summary>
/// <param name="Label">What the row is: a day, a session id, a turn ("#12": the user message that opened it), or a kind of call.</param>
/// <param name="Detail">A few words beside it: the turn's time, the model.</param>
public sealed record UsageRow(
    string Label,
    int Calls,
    long InputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long OutputTokens,
    decimal Cost,
    int UnpricedCalls,
    string? Detail = null)
{
    /// <summary>Every input token, wherever it was billed from.</summary>
    [JsonIgnore]
    public long AllInputTokens => InputTokens + CacheReadTokens + CacheWriteTokens;

    /// <summary>The share of input tokens the prompt cache served, 0–100; null without input.</summary>
    [JsonIgnore]
    public double? CachedPercent => AllInputTokens > 0 ? 100.0 * CacheReadTokens / AllInputTokens : null;
}

/// <summary>
/// The answer to <see cref="GetUsage"/>: a row per turn, session or day (oldest first), a row per kind of call and
/// model (the agent's turns, the mind's appraisal, memory's summaries), and the total.
/// </summary>
public sealed record UsageReport(IReadOnlyList<UsageRow> Rows, IReadOnlyList<UsageRow> ByKind, UsageRow Total) : IClientReply;
