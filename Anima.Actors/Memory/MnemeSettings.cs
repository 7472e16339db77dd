using Akka.Configuration;

namespace Anima.Actors.Memory;

/// <summary>Mneme's settings, from <c>anima.memory</c>.</summary>
/// <param name="SummaryModel">The model that writes summaries: a small, cheap one.</param>
/// <param name="SummaryBatch">The most events one level-1 summary covers.</param>
/// <param name="DigestAfter">Level-1 summaries that, once this many wait, are merged into one level-2 digest.</param>
/// <param name="RecallBudget">Tokens the memories recalled for one user message may take in the volatile tail.</param>
/// <param name="RecallCount">The most memories recalled for one user message.</param>
/// <param name="SummaryShare">Percent of the context budget the session's digests, summaries and pins may take.</param>
public sealed record MnemeSettings(
    bool Enabled,
    string SummaryModel,
    int SummaryBatch,
    int DigestAfter,
    int RecallBudget,
    int RecallCount,
    int SummaryShare)
{
    public static MnemeSettings Default { get; } = new(true, "claude-haiku-4-5", 40, 4, 600, 5, 15);

    public static MnemeSettings From(Config config) => new(
        config.GetBoolean("anima.memory.enabled", Default.Enabled),
        config.GetString("anima.memory.summary-model", Default.SummaryModel),
        config.GetInt("anima.memory.summary-batch", Default.SummaryBatch),
        config.GetInt("anima.memory.digest-after", Default.DigestAfter),
        config.GetInt("anima.memory.recall-budget", Default.RecallBudget),
        config.GetInt("anima.memory.recall-count", Default.RecallCount),
        config.GetInt("anima.memory.summary-share", Default.SummaryShare));
}
