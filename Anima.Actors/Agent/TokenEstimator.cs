using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// A cheap, deterministic guess at what an event costs in the model's context: about four characters
/// a token for the text that will actually be sent, plus a small overhead per content block. It is
/// written next to the event; exact counts from the API can replace it later.
/// </summary>
public static class TokenEstimator
{
    public const int CharsPerToken = TextTokens.CharsPerToken;

    /// <summary>Framing every content block costs beyond its text (type tags, ids, message boundaries).</summary>
    public const int BlockOverhead = 4;

    public static int Estimate(ISessionEvent sessionEvent) => sessionEvent switch
    {
        UserMessage user => Block(user.Text),
        AgentMessage agent => EstimateAgentMessage(agent),
        ToolCall call => BlockOverhead + Estimate(call.CallId) + Estimate(call.Name) + Estimate(call.InputJson),
        ToolResponse response => BlockOverhead + Estimate(response.CallId) + Estimate(response.Content),

        // Never sent to the model.
        _ => 0,
    };

    public static int Estimate(string? text) => TextTokens.Estimate(text);

    private static int EstimateAgentMessage(AgentMessage agent)
    {
        // Only what the viewport sends counts: no empty text block, no unsigned thinking.
        var tokens = agent.Text.Length > 0 ? Block(agent.Text) : 0;
        if (ViewportRules.SendsThinking(agent))
        {
            tokens += Block(agent.Thinking);
        }

        return tokens;
    }

    private static int Block(string? text) => BlockOverhead + Estimate(text);
}
