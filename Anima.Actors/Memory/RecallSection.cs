using System.Globalization;
using System.Text;
using Anima.Actors.Providers;

namespace Anima.Actors.Memory;

/// <summary>
/// The memories recalled for a message, as one section of the volatile tail: each with when and where it was made
/// and how the agent felt then (in words), within a budget of tokens of its own.
/// </summary>
public static class RecallSection
{
    public const string Label = "What this brings back";

    /// <summary>The memories that fit the budget, best first (at least the best, cut to fit).</summary>
    public static IReadOnlyList<RecalledMemory> Fit(IReadOnlyList<RecalledMemory> recalled, int tokenBudget)
    {
        var taken = new List<RecalledMemory>();
        var tokens = 0;
        foreach (var memory in recalled)
        {
            var cost = TextTokens.Estimate(memory.Memory.Text) + 12;
            if (taken.Count > 0 && tokens + cost > tokenBudget)
            {
                break;
            }

            taken.Add(memory);
            tokens += cost;
        }

        return taken;
    }

    public static TailSection? For(IReadOnlyList<RecalledMemory> recalled, string sessionId, DateTimeOffset now, int tokenBudget)
    {
        if (recalled.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        var maxChars = Math.Max(200, tokenBudget * 4);
        foreach (var memory in recalled)
        {
            var m = memory.Memory;
            var where = m.SessionId == sessionId ? "earlier in this conversation" : "in another conversation";
            var when = m.At.ToLocalTime().ToString("d MMM yyyy", CultureInfo.InvariantCulture);
            var felt = m.Feeling.Length > 0 ? $"; I felt {m.Feeling}" : string.Empty;
            var words = m.Text.ReplaceLineEndings(" ");
            if (words.Length > maxChars)
            {
                words = words[..maxChars] + "…";
            }

            text.Append("\n- (").Append(when).Append(", ").Append(where).Append(felt).Append(") ").Append(words);
        }

        return new TailSection(Label, text.ToString());
    }
}
