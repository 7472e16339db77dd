using Anima.FakeAnthropic;

namespace Anima.Tests.Support;

public static class QuietAppraisal
{
    /// <summary>
    /// The mind's appraisal (its own small model) is answered aside with nothing found: it never takes a response a
    /// spec scripted for the agent, nor counts as one of the agent's calls.
    /// </summary>
    public static FakeAnthropicServer WithQuietAppraisal(this FakeAnthropicServer fake)
    {
        fake.AnswerModel(Anima.Actors.Mind.MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
        return fake;
    }
}
