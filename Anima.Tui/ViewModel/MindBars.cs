using System.Text;
using Anima.Messages.Mind;

namespace Anima.Tui.ViewModel;

/// <summary>The sidebar's view of the mind: a bar per hormone with the direction it last moved, then what the agent wants.</summary>
public static class MindBars
{
    /// <summary>One line per hormone: name, bar, level, trend (↑ ↓ ·).</summary>
    public static string Render(IReadOnlyList<HormoneReading> hormones, int barWidth = 10)
    {
        var text = new StringBuilder();
        var nameWidth = hormones.Max(h => h.Hormone.Length);
        foreach (var hormone in hormones)
        {
            var filled = hormone.Max <= 0 ? 0 : (int)Math.Round(Math.Clamp(hormone.Level / hormone.Max, 0, 1) * barWidth);
            var trend = hormone.LastDelta switch
            {
                > 0 => '↑',
                < 0 => '↓',
                _ => '·',
            };
            text.Append(hormone.Hormone.PadRight(nameWidth)).Append(' ')
                .Append('█', filled).Append('░', barWidth - filled)
                .Append(' ').Append(Math.Round(hormone.Level).ToString("0").PadLeft(3)).Append(' ').Append(trend).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The agent's wants, each wrapped to <paramref name="width"/> columns under a bullet; nothing when it wants nothing.</summary>
    public static string Wants(IReadOnlyList<string>? desires, int width)
    {
        var text = new StringBuilder();
        foreach (var desire in desires ?? [])
        {
            var line = new StringBuilder("· ");
            foreach (var word in desire.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 2 && line.Length + 1 + word.Length > width)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append("  ");
                }

                line.Append(line.Length > 2 ? " " : string.Empty).Append(word);
            }

            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
