using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>Tokens in the viewport against the budget, from the brain's ContextWindow event.</summary>
public sealed record ContextWindowInfo(string SessionId, int Tokens, int Budget)
{
    /// <summary>Null for any other transient event.</summary>
    public static ContextWindowInfo? From(ITransientEvent transient) =>
        transient is ContextWindow window ? new ContextWindowInfo(window.SessionId, window.Tokens, window.Budget) : null;
}
