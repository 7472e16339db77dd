using Anima.Actors.Agent;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

public sealed class TokenEstimatorSpecs
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Text_costs_about_a_token_every_four_characters_plus_a_block()
    {
        Assert.Equal(0, TokenEstimator.Estimate(""));
        Assert.Equal(1, TokenEstimator.Estimate("abc"));
        Assert.Equal(2, TokenEstimator.Estimate("abcde"));
        Assert.Equal(TokenEstimator.BlockOverhead + 25, TokenEstimator.Estimate(new UserMessage(new string('x', 100), At)));
    }

    [Fact]
    public void A_tool_call_counts_its_id_name_and_input()
    {
        var call = new ToolCall("id01", "shell", "{\"command\":\"ls -la\"}", At);

        Assert.Equal(TokenEstimator.BlockOverhead + 1 + 2 + 5, TokenEstimator.Estimate(call));
    }

    [Fact]
    public void A_tool_response_counts_its_content()
    {
        var response = new ToolResponse("id01", new string('x', 400), IsError: false, At);

        Assert.Equal(TokenEstimator.BlockOverhead + 1 + 100, TokenEstimator.Estimate(response));
    }

    [Fact]
    public void A_reply_counts_what_is_sent_of_it()
    {
        var text = new string('x', 40);
        var thinking = new string('y', 80);

        Assert.Equal(TokenEstimator.BlockOverhead + 10, TokenEstimator.Estimate(new AgentMessage(text, At)));
        Assert.Equal(0, TokenEstimator.Estimate(new AgentMessage("", At)));
        Assert.Equal(
            (2 * TokenEstimator.BlockOverhead) + 10 + 20,
            TokenEstimator.Estimate(new AgentMessage(text, At, thinking, "signature")));

        // Thinking without its signature is never sent.
        Assert.Equal(TokenEstimator.BlockOverhead + 10, TokenEstimator.Estimate(new AgentMessage(text, At, thinking)));
    }

    [Fact]
    public void System_messages_and_session_start_cost_nothing()
    {
        Assert.Equal(0, TokenEstimator.Estimate(new SystemMessage(new string('x', 1000), At)));
        Assert.Equal(0, TokenEstimator.Estimate(new SessionStarted("title", At)));
    }

    [Fact]
    public void A_journaled_event_becomes_a_viewport_event_with_its_estimate()
    {
        var journaled = new Journaled("s1", 42, new UserMessage("hello world!", At));

        var viewportEvent = ViewportEvent.From(journaled);

        Assert.Equal(new ViewportEvent(42, journaled.Event, TokenEstimator.BlockOverhead + 3), viewportEvent);
    }
}
