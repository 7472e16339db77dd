using System.Text;
using Anima.Messages.Mind;

namespace Anima.Tui.ViewModel;

/// <summary>The sidebar's view of the mind: a small bar per hormone, with the direction it last moved.</summary>
public static class MindBars
{
    public static string Render(IReadOnlyList<HormoneReading> hormones, int barWidth = 10)
    {
        var text = new StringBuilder();
        foreach (var hormone in hormones)
        {
            var filled = hormone.Max <= 0 ? 0 : (int)Math.Round(Math.Clamp(hormone.Level / hormone.Max, 0, 1) * barWidth);
            var trend = hormone.LastDelta switch
            {
                > 0 => '↑',
                < 0 => '↓',
                _ => '·',
            };
            text.Append(hormone.Hormone).Append('\n')
                .Append("  ").Append('█', filled).Append('░', barWidth - filled)
                .Append(' ').Append(Math.Round(hormone.Level).ToString("0").PadLeft(3)).Append(' ').Append(trend).Append('\n');
        }

        return text.ToString();
    }
}
