using System.Drawing;
using System.Text.RegularExpressions;

namespace Anima.Tests.Tui;

/// <summary>
/// The colours a terminal shows, read from <c>tmux capture-pane -e</c>: each cell's foreground and background, the
/// terminal's own (SGR 39/49) resolved to the theme's; and the WCAG contrast ratio between two colours.
/// </summary>
public static partial class ScreenColours
{
    /// <summary>The colours of the first character of <paramref name="text"/> on an escaped screen capture.</summary>
    public static (Color Foreground, Color Background) At(string escapedScreen, string text, Color themeForeground, Color themeBackground)
    {
        var foreground = themeForeground;
        var background = themeBackground;
        var plain = new System.Text.StringBuilder();
        var colours = new List<(Color, Color)>();
        var i = 0;
        while (i < escapedScreen.Length)
        {
            var sgr = Sgr().Match(escapedScreen, i);
            if (sgr.Success && sgr.Index == i)
            {
                Apply(sgr.Groups[1].Value, themeForeground, themeBackground, ref foreground, ref background);
                i += sgr.Length;
                continue;
            }

            plain.Append(escapedScreen[i]);
            colours.Add((foreground, background));
            i++;
        }

        var at = plain.ToString().IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{text}' is not on the screen:\n{plain}");
        return colours[at];
    }

    /// <summary>WCAG 2 contrast ratio, 1 (none) to 21 (black on white); 4.5 is the least for body text (AA).</summary>
    public static double Contrast(Color a, Color b)
    {
        var (light, dark) = (Luminance(a), Luminance(b)) is var (x, y) && x > y ? (x, y) : (y, x);
        return (light + 0.05) / (dark + 0.05);
    }

    public static double Luminance(Color c)
    {
        static double Channel(byte v)
        {
            var s = v / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(c.R)) + (0.7152 * Channel(c.G)) + (0.0722 * Channel(c.B));
    }

    private static void Apply(string parameters, Color themeForeground, Color themeBackground, ref Color foreground, ref Color background)
    {
        var codes = parameters.Length == 0 ? [0] : parameters.Split(';').Select(int.Parse).ToArray();
        for (var k = 0; k < codes.Length; k++)
        {
            switch (codes[k])
            {
                case 0:
                    (foreground, background) = (themeForeground, themeBackground);
                    break;
                case 39:
                    foreground = themeForeground;
                    break;
                case 49:
                    background = themeBackground;
                    break;
                case 38 or 48 when codes[k + 1] == 2:
                    var rgb = Color.FromArgb(codes[k + 2], codes[k + 3], codes[k + 4]);
                    if (codes[k] == 38)
                    {
                        foreground = rgb;
                    }
                    else
                    {
                        background = rgb;
                    }

                    k += 4;
                    break;
                case 38 or 48 or (>= 30 and <= 37) or (>= 40 and <= 47) or (>= 90 and <= 97) or (>= 100 and <= 107):
                    throw new NotSupportedException($"palette colour in SGR '{parameters}': the theme decides it, so its contrast is not known here");
                default:
                    break; // bold, underline, …: no colour
            }
        }
    }

    [GeneratedRegex(@"\x1b\[([0-9;]*)m")]
    private static partial Regex Sgr();
}
