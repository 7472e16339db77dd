using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>What of an event the viewport sends; shared so the estimate counts exactly that.</summary>
internal static class ViewportRules
{
    /// <summary>Thinking goes back only with its signature: the API rejects unsigned thinking.</summary>
    public static bool SendsThinking(AgentMessage agent) =>
        !string.IsNullOrEmpty(agent.Thinking) && !string.IsNullOrEmpty(agent.ThinkingSignature);
}
