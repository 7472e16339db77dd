using System.Text;
using Anima.Actors.Agent;
using Anima.Actors.Protocol;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

public sealed class TurnSpecs() : AgentFlowSpec(NewFake())
{
    [Fact]
    public async Task A_text_reply_is_streamed_as_deltas_then_persisted_with_its_usage()
    {
        Fake.Enqueue(FakeResponse.Text("Hello! I am Anima, and this reply comes in several pieces."));
        var session = NewSession();

        Say(session, "hi there");

        Next<TurnStarted>();
        var streamed = new StringBuilder();
        AgentMessage? final = null;
        while (final is null)
        {
            var message = Next<object>(m => m is TextDelta or Journaled { Event: AgentMessage });
            if (message is TextDelta delta)
            {
                streamed.Append(delta.Text);
            }
            else
            {
                final = (AgentMessage)((Journaled)message).Event;
            }
        }

        Assert.Equal("Hello! I am Anima, and this reply comes in several pieces.", streamed.ToString());
        Assert.Equal(streamed.ToString(), final.Text);
        Assert.NotNull(final.Usage);
        Assert.True(final.Usage!.OutputTokens > 0);
        Assert.Equal(TurnOutcome.Completed, Next<TurnEnded>().Outcome);
        var request = (await Fake.WaitForRequestsAsync(1, TimeSpan.FromSeconds(5)))[0];
        Assert.Equal("hi there", request.LastUserText);
        Assert.Contains("You are Anima", request.System);
    }

    [Fact]
    public async Task A_bash_tool_round_trip_runs_in_the_session_shell_and_the_model_sees_the_result()
    {
        Fake.Enqueue(
            FakeResponse.ToolUse("Let me look.", ("toolu_1", "bash", """{"command":"cd /tmp && export GREETING=hola && echo $GREETING from $(pwd)"}""")),
            FakeResponse.ToolUse(("toolu_2", "bash", """{"command":"echo $GREETING again in $(pwd)"}""")),
            FakeResponse.Text("Done."));
        var session = NewSession();

        Say(session, "say hola");

        Assert.Equal("bash", NextJournaled<ToolCall>().Name);
        var first = NextJournaled<ToolResponse>();
        Assert.False(first.IsError);
        Assert.Contains("hola from /tmp", first.Content);
        Assert.Contains("hola again in /tmp", NextJournaled<ToolResponse>().Content);
        Assert.Equal("Done.", NextJournaled<AgentMessage>(m => m.Text == "Done.").Text);
        Next<TurnEnded>();

        var requests = await Fake.WaitForRequestsAsync(3, TimeSpan.FromSeconds(5));
        var toolResult = requests[1].Messages[^1]!["content"]![0]!;
        Assert.Equal("tool_result", (string?)toolResult["type"]);
        Assert.Equal("toolu_1", (string?)toolResult["tool_use_id"]);
        Assert.Contains("hola from /tmp", toolResult["content"]!.ToJsonString());
    }

    [Fact]
    public async Task Two_tool_calls_in_one_response_both_run_and_return_together_in_order()
    {
        Fake.Enqueue(
            FakeResponse.ToolUse(("toolu_a", "bash", """{"command":"echo alpha"}"""), ("toolu_b", "bash", """{"command":"echo beta >&2; exit 3"}""")),
            FakeResponse.Text("Both ran."));
        var session = NewSession();

        Say(session, "run two");

        Assert.Equal("toolu_a", NextJournaled<ToolCall>().CallId);
        Assert.Equal("toolu_b", NextJournaled<ToolCall>().CallId);
        var a = NextJournaled<ToolResponse>();
        var b = NextJournaled<ToolResponse>();
        Assert.Equal(("toolu_a", false), (a.CallId, a.IsError));
        Assert.Equal(("toolu_b", true), (b.CallId, b.IsError));
        Assert.Contains("beta", b.Content);
        Assert.Contains("3", b.Content);
        NextJournaled<AgentMessage>(m => m.Text == "Both ran.");

        var second = (await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5)))[1];
        var assistant = second.Messages[^2]!["content"]!.AsArray();
        var results = second.Messages[^1]!["content"]!.AsArray();
        Assert.Equal(["toolu_a", "toolu_b"], assistant.Where(b => (string?)b!["type"] == "tool_use").Select(b => (string?)b!["id"]));
        Assert.Equal(["toolu_a", "toolu_b"], results.Where(b => (string?)b!["type"] == "tool_result").Select(b => (string?)b!["tool_use_id"]));
        // The results come first, as the API wants; the volatile tail closes the message.
        Assert.Equal(["tool_result", "tool_result", "text"], results.Select(b => (string?)b!["type"]));
        Assert.Equal(second.InnerState, (string?)results[^1]!["text"]);
    }

    [Fact]
    public async Task A_message_posted_during_a_turn_is_persisted_at_once_and_answered_after_the_round()
    {
        Fake.Enqueue(
            FakeResponse.Slow("This first answer takes a while to arrive.", TimeSpan.FromMilliseconds(60)),
            FakeResponse.Text("And now the second question."));
        var session = NewSession();
        Say(session, "first question");
        Next<TextDelta>();

        var second = Say(session, "second question");

        var firstAnswer = Next<Journaled>(j => j.Event is AgentMessage);
        Assert.True(firstAnswer.Seq > second, "the second question is journaled before the first answer completes");
        NextJournaled<AgentMessage>(m => m.Text == "And now the second question.");
        var requests = await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5));
        Assert.Equal("second question", requests[1].LastUserText);
        Assert.Equal(2, Fake.RequestCount);
    }

    [Fact]
    public void Without_credentials_the_turn_ends_at_once_with_a_message_saying_how_to_set_them()
    {
        File.Delete(TempHome.Home.CredentialsFile);
        var session = NewSession();

        Say(session, "hello?");

        var message = NextJournaled<SystemMessage>();
        Assert.Equal(SystemMessageLevel.Error, message.Level);
        Assert.Contains("./anima login", message.Text);
        Assert.Contains("ANTHROPIC_API_KEY", message.Text);
        Assert.Equal(TurnOutcome.Failed, Next<TurnEnded>().Outcome);
        Assert.Equal(0, Fake.RequestCount);
    }

    [Fact]
    public void An_unknown_tool_gets_an_error_result_and_the_turn_goes_on()
    {
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_x", "teleport", "{}")), FakeResponse.Text("Fine."));
        var session = NewSession();

        Say(session, "teleport me");

        var response = NextJournaled<ToolResponse>();
        Assert.True(response.IsError);
        Assert.Contains("no tool named 'teleport'", response.Content);
        NextJournaled<AgentMessage>(m => m.Text == "Fine.");
    }

    [Fact]
    public async Task Tool_input_without_what_the_tool_needs_gets_an_error_result_and_the_turn_goes_on()
    {
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_bad", "bash", """{"cmd":"echo hi"}""")), FakeResponse.Text("Sorry, fixed."));
        var session = NewSession();

        Say(session, "say hi");

        var response = NextJournaled<ToolResponse>();
        Assert.True(response.IsError);
        Assert.Equal("""Invalid input for bash ('command' must be a non-empty string): {"cmd":"echo hi"}""", response.Content);
        NextJournaled<AgentMessage>(m => m.Text == "Sorry, fixed.");
        Assert.Equal(TurnOutcome.Completed, Next<TurnEnded>().Outcome);
        var requests = await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5));
        Assert.Contains("Invalid input for bash", requests[1].Messages[^1]!["content"]![0]!.ToJsonString());
    }

    [Fact]
    public void A_bash_timeout_that_is_not_a_number_runs_the_command_with_the_default_timeout()
    {
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_t", "bash", """{"command":"echo still here","timeout_seconds":"soon"}""")), FakeResponse.Text("Ran."));
        var session = NewSession();

        Say(session, "run it");

        var response = NextJournaled<ToolResponse>();
        Assert.False(response.IsError);
        Assert.Contains("still here", response.Content);
        NextJournaled<AgentMessage>(m => m.Text == "Ran.");
    }

    [Fact]
    public void A_large_tool_result_has_its_token_estimate_refined_through_count_tokens()
    {
        Fake.Enqueue(FakeResponse.ToolUse(("toolu_big", "bash", """{"command":"seq 1 6000"}""")), FakeResponse.Text("Counted."));
        var session = NewSession();

        Say(session, "count to six thousand");

        NextJournaled<AgentMessage>(m => m.Text == "Counted.");
        var responseSeq = History(session).Single(j => j.Event is ToolResponse).Seq;
        AwaitAssert(
            () =>
            {
                Assert.Contains(Fake.Requests, r => r.Path.EndsWith("/count_tokens", StringComparison.Ordinal) && r.RawBody.Contains("5999"));
                Sessions.Tell(new GetTail(session), TestActor);
                var counted = ExpectMsg<SessionTail>().CountedTokens;
                Assert.NotNull(counted);
                Assert.True(counted!.ContainsKey(responseSeq));
            },
            TimeSpan.FromSeconds(10));
    }
}
