using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>Tokens in the viewport against the budget, from the brain's ContextWindow event.</summary>
public sealed record ContextWindowInfo(string SessionId, int Tokens, int Budget)
{
    /// <summary>Null for any other transient event.</summary>
    public static ContextWindowInfo? From(ITransientEvent transient) =>
        transient is ContextWindow window ? new ContextWindowInfo(window.SessionId, window.Tokens, window.Budget) : null;

    /// <summary>
    /// The sidebar's line: the brain's own figure while a turn runs; otherwise what the last model call was sent, from
    /// its journaled usage (a reopened session showed "—" until its next turn, the figure being live-only). In tokens,
    /// unsaid: with the word, a window of six figures was cut off at the sidebar's edge.
    /// </summary>
    public static string Describe(ContextWindowInfo? live, TokenUsage? lastCall) => (live, lastCall) switch
    {
        ({ } c, _) => $"{c.Tokens:N0} / {c.Budget:N0}",
        (null, { } usage) => $"{usage.InputTokens + usage.CacheReadTokens + usage.CacheWriteTokens:N0} (last call)",
        _ => "—",
    };
}
