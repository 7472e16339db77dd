using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Anima.Tui.Views;

/// <summary>
/// The colours of code in the chat (a several-line message, tool output, the agent's code): the terminal's own text
/// colour on its own background a shade off, so a block stands out and reads at least as well as body text should
/// (WCAG's 4.5:1), or, in a theme whose own text reads less well than that, no worse than the rest. Terminal.Gui
/// derives code colours from the text colour, which drew bold white on light grey (2.1:1) on a white-on-black terminal.
/// </summary>
public static class CodeColours
{
    /// <summary>How far the background moves toward the text colour.</summary>
    public const double Shade = 0.12;

    /// <summary>How far it moves away from the text instead, in a theme of little contrast.</summary>
    public const double Deepen = 0.35;

    /// <summary>The least contrast WCAG asks of body text.</summary>
    public const double Readable = 4.5;

    /// <param name="terminal">The terminal's default colours as it reported them (OSC 10/11); null when it did not.</param>
    public static Attribute For(Attribute? terminal)
    {
        // A terminal that does not say its colours gets its own: a guessed shade could put dark text on dark.
        if (terminal is not { } known || known.Foreground == Color.None || known.Background == Color.None)
        {
            return new Attribute(Color.None, Color.None);
        }

        var text = known.Foreground;
        var back = known.Background;
        var shaded = Blend(back, text, Shade);
        if (Contrast(text, shaded) < Readable)
        {
            // Toward the text would read worse still: darker on a dark theme, lighter on a light one.
            var extreme = Luminance(back) < Luminance(text) ? new Color(0, 0, 0) : new Color(255, 255, 255);
            shaded = Blend(back, extreme, Deepen);
        }

        return new Attribute(Color.None, shaded);
    }

    /// <summary>WCAG 2's contrast ratio: 1 (none) to 21 (black on white).</summary>
    public static double Contrast(Color a, Color b)
    {
        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    /// <summary>WCAG 2's relative luminance of an sRGB colour.</summary>
    public static double Luminance(Color c) => (0.2126 * Linear(c.R)) + (0.7152 * Linear(c.G)) + (0.0722 * Linear(c.B));

    private static double Linear(byte channel)
    {
        var s = channel / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
    }

    private static Color Blend(Color from, Color to, double amount) =>
        new(Toward(from.R, to.R, amount), Toward(from.G, to.G, amount), Toward(from.B, to.B, amount));

    private static int Toward(byte from, byte to, double amount) => (int)Math.Round(from + ((to - from) * amount));
}
