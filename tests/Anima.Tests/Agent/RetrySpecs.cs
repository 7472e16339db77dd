using Anima.FakeAnthropic;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

public sealed class RetrySpecs() : AgentFlowSpec(NewFake())
{
    [Fact]
    public async Task A_429_is_retried_after_its_retry_after_with_a_notice_and_one_final_answer()
    {
        Fake.Enqueue(FakeResponse.Error(429, "rate_limit_error", "Slow down", retryAfterSeconds: 1), FakeResponse.Text("Made it."));
        var session = NewSession();

        Say(session, "hello");

        var notice = Next<RetryNotice>();
        Assert.Equal((2, 5), (notice.Attempt, notice.MaxAttempts));
        Assert.True(notice.Delay >= TimeSpan.FromSeconds(1), $"retry-after honoured, was {notice.Delay}");
        Assert.Contains("Slow down", notice.Reason);
        Assert.Equal("Made it.", NextJournaled<AgentMessage>().Text);
        Assert.Equal(TurnOutcome.Completed, Next<TurnEnded>().Outcome);
        Assert.Equal(2, (await Fake.WaitForRequestsAsync(2, TimeSpan.FromSeconds(5))).Count);
        Assert.Single(History(session), j => j.Event is AgentMessage);
    }

    [Fact]
    public void Five_overloaded_529s_give_up_with_a_system_message()
    {
        for (var i = 0; i < 5; i++)
        {
            Fake.Enqueue(FakeResponse.Error(529, "overloaded_error", "Overloaded"));
        }

        var session = NewSession();
        Say(session, "hello");

        for (var attempt = 2; attempt <= 5; attempt++)
        {
            Assert.Equal(attempt, Next<RetryNotice>().Attempt);
        }

        var gaveUp = NextJournaled<SystemMessage>();
        Assert.Contains("Gave up after 5 attempts", gaveUp.Text);
        Assert.Contains("Overloaded", gaveUp.Text);
        Assert.Equal(TurnOutcome.Failed, Next<TurnEnded>().Outcome);
        Assert.Equal(5, Fake.RequestCount);
    }

    [Fact]
    public void A_401_is_not_retried_and_says_what_to_do()
    {
        Fake.Enqueue(FakeResponse.Error(401, "authentication_error", "invalid x-api-key"));
        var session = NewSession();

        Say(session, "hello");

        var message = NextJournaled<SystemMessage>();
        Assert.Contains("refused the credentials", message.Text);
        Assert.Contains("./anima login", message.Text);
        Assert.Equal(TurnOutcome.Failed, Next<TurnEnded>().Outcome);
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public void A_mid_stream_error_event_is_retried_and_the_partial_answer_is_not_kept()
    {
        Fake.Enqueue(FakeResponse.MidStreamError("Half an ans"), FakeResponse.Text("A whole answer."));
        var session = NewSession();

        Say(session, "hello");

        Next<RetryNotice>();
        Assert.Equal("A whole answer.", NextJournaled<AgentMessage>().Text);
        Assert.Single(History(session), j => j.Event is AgentMessage);
    }
}
