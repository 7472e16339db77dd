using System.Collections.Frozen;
using System.Text;

namespace Anima.Actors.Mind;

/// <summary>
/// The plain fallback when no model answers: phrases from <c>anima.mind.appraisal.lexicon</c> found as whole words
/// (a "not" or "n't" just before one cancels it), and a new topic when a message shares too few of its words with
/// the user's last few. Crude, fast, and the same every time.
/// </summary>
public static class LexicalAppraisal
{
    private static readonly FrozenSet<string> Negations = FrozenSet.Create(StringComparer.Ordinal, "not", "no", "never", "hardly");

    // Words too common to tell one topic from another.
    private static readonly FrozenSet<string> Common = FrozenSet.Create(
        StringComparer.Ordinal,
        "about", "again", "also", "been", "before", "could", "does", "doing", "done", "from", "have", "here", "into", "just", "know",
        "like", "make", "more", "much", "need", "please", "really", "should", "some", "that", "than", "them", "then", "there", "these",
        "they", "thing", "things", "this", "those", "want", "what", "when", "where", "which", "while", "will", "with", "would", "your",
        "yours", "thanks", "thank");

    public static IReadOnlyList<Verdict> Of(MessageToAppraise message, AppraisalSettings settings)
    {
        var words = Words(message.Text);
        var verdicts = new List<Verdict>();
        foreach (var (stimulus, phrases) in settings.Lexicon.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (phrases.FirstOrDefault(phrase => Says(words, Words(phrase))) is not null)
            {
                verdicts.Add(new Verdict(stimulus, $"they wrote {Quote(message.Text)}"));
            }
        }

        if (IsNewTopic(words, message.Previous, settings.NoveltyOverlap))
        {
            verdicts.Add(new Verdict(Stimulus.Novelty, message.Previous.Count == 0
                ? $"the first thing they brought up: {Quote(message.Text)}"
                : $"a new topic: {Quote(message.Text)}"));
        }

        return verdicts;
    }

    /// <summary>A message quoted for a cause: one line, at most a few words.</summary>
    public static string Quote(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return $"“{(line.Length <= 60 ? line : line[..57].TrimEnd() + "…")}”";
    }

    /// <summary>The phrase's words in a row, not just after a negation.</summary>
    private static bool Says(IReadOnlyList<string> words, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0)
        {
            return false;
        }

        for (var start = 0; start + phrase.Count <= words.Count; start++)
        {
            var matches = true;
            for (var i = 0; i < phrase.Count && matches; i++)
            {
                matches = words[start + i] == phrase[i];
            }

            if (matches && !Negated(words, start))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Negated(IReadOnlyList<string> words, int start)
    {
        for (var i = Math.Max(0, start - 2); i < start; i++)
        {
            if (Negations.Contains(words[i]) || words[i].EndsWith("n't", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNewTopic(IReadOnlyList<string> words, IReadOnlyList<string> previous, double overlap)
    {
        var topic = words.Where(w => w.Length >= 4 && !Common.Contains(w)).ToHashSet(StringComparer.Ordinal);
        if (topic.Count == 0)
        {
            return false;
        }

        if (previous.Count == 0)
        {
            return true;
        }

        var before = previous.SelectMany(Words).ToHashSet(StringComparer.Ordinal);
        var shared = topic.Count(before.Contains);
        return (double)shared / topic.Count < overlap || shared == 0;
    }

    /// <summary>Lower-case words; an apostrophe stays inside one (don't, it's), typographic ones included.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var raw in text)
        {
            var c = raw is '’' or '‘' ? '\'' : char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c) || (c == '\'' && word.Length > 0))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString().TrimEnd('\''));
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString().TrimEnd('\''));
        }

        return words;
    }
}
