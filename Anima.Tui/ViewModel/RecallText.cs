using System.Globalization;
using System.Text;
using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>
/// The memory view's text: what memory brought back for the last turn, and why each memory came back — its words and
/// its meaning (rank, and how close in meaning), how strongly the agent felt then, how long ago, and that feeling.
/// </summary>
public static class RecallText
{
    public static string For(MemoryRecalled? recalled, string sessionId, DateTimeOffset now)
    {
        if (recalled is null)
        {
            return "Nothing recalled yet in this session.\n\n"
                + "Each message you send brings back what Anima remembers that is relevant to it, from every session:\n"
                + "this view shows what came back for the last one, and why. (What a brain showed before it\n"
                + "restarted, or before the session was put to rest, comes back with the next message.)\n\n"
                + "anima memory search TEXT finds memories; anima memory forget ID forgets one everywhere.";
        }

        var text = new StringBuilder();
        var at = recalled.At.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture, $"Recalled for message #{recalled.ForSeq} at {at}: \"{Shorten(recalled.Query.ReplaceLineEndings(" "), 120)}\"\n");
        if (recalled.Memories.Count == 0)
        {
            text.Append("\nNothing came back: no memory outside what the conversation already shows matched it by words or by meaning.\n");
            return text.ToString();
        }

        var number = 0;
        foreach (var m in recalled.Memories)
        {
            number++;
            var where = m.SessionId == sessionId ? "this session" : "session " + m.SessionId[..Math.Min(8, m.SessionId.Length)];
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"{number}. #{m.MemoryId} {m.Kind}, {where}, {m.At.ToLocalTime():d MMM yyyy HH:mm} ({Ago(now - m.At)})\n");
            text.Append(CultureInfo.InvariantCulture, $"   why: {Why(m)}; salience {m.Salience:0.00}; score {m.Score:0.0000}\n");
            text.Append("   felt: ").Append(Felt(m)).Append('\n');
            foreach (var line in m.Text.Split('\n'))
            {
                text.Append("   ").Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Which searches found it: its rank by words (BM25) and by meaning, with how close in meaning (cosine).</summary>
    public static string Why(RecalledItem m) => (m.KeywordRank, m.MeaningRank) switch
    {
        (not null, not null) => $"words #{m.KeywordRank + 1} and meaning #{m.MeaningRank + 1} ({m.Similarity.ToString("0.00", CultureInfo.InvariantCulture)})",
        (not null, null) => $"words #{m.KeywordRank + 1}",
        (null, not null) => $"meaning #{m.MeaningRank + 1} ({m.Similarity.ToString("0.00", CultureInfo.InvariantCulture)})",
        _ => "pinned",
    };

    private static string Felt(RecalledItem m)
    {
        if (m.Levels.Count == 0)
        {
            return "(no mind then)";
        }

        var levels = string.Join(", ", m.Levels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {l.Value:0}")));
        return $"{(m.Feeling.Length > 0 ? m.Feeling : "calm")} ({levels})";
    }

    private static string Ago(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
        _ => $"{(int)age.TotalDays} days ago",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
