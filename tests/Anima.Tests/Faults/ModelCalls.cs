using Anima.FakeAnthropic;

namespace Anima.Tests.Faults;

/// <summary>
/// How often the brain called the agent's model (the fake's <c>/v1/messages</c> requests; token counts and the mind's
/// appraisal by its small model are not its calls).
/// </summary>
public static class ModelCalls
{
    public static int Of(FakeAnthropicServer fake) =>
        fake.Requests.Count(r => r.Path == "/v1/messages" && r.Model != Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model);

    /// <summary>
    /// Exactly <paramref name="count"/> calls so far, and still that many after the brain is left alone for a
    /// while: the loops this guards against made a call every few milliseconds, so a few seconds show them.
    /// </summary>
    public static async Task StayAtAsync(FakeAnthropicServer fake, int count, TimeSpan? window = null)
    {
        Assert.Equal(count, Of(fake));
        var deadline = DateTime.UtcNow + (window ?? TimeSpan.FromSeconds(3));
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            Assert.Equal(count, Of(fake));
        }
    }
}
