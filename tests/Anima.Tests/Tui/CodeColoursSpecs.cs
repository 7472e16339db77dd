using Anima.Tui.Views;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Anima.Tests.Tui;

public sealed class CodeColoursSpecs
{
    [Theory]
    [InlineData("#ffffff", "#000000")] // white on black
    [InlineData("#000000", "#ffffff")] // black on white
    [InlineData("#d4d4d4", "#1e1e1e")] // a dark editor theme
    [InlineData("#839496", "#002b36")] // solarized dark: 4.7:1 of its own
    [InlineData("#657b83", "#fdf6e3")] // solarized light: 4.1:1 of its own
    public void Code_is_the_terminals_text_on_a_shade_of_its_background_and_reads_well(string foreground, string background)
    {
        var text = new Color(foreground);
        var back = new Color(background);

        var code = CodeColours.For(new Attribute(text, back));

        Assert.Equal(Color.None, code.Foreground); // the terminal's own text colour, whatever it is
        Assert.NotEqual(back, code.Background);
        var own = ScreenColours.Contrast(Drawing(text), Drawing(back));
        Assert.True(ScreenColours.Contrast(Drawing(text), Drawing(code.Background)) >= Math.Min(4.5, own));
    }

    [Fact]
    public void A_terminal_that_does_not_say_its_colours_shows_code_in_its_own()
    {
        Assert.Equal(new Attribute(Color.None, Color.None), CodeColours.For(null));
    }

    private static System.Drawing.Color Drawing(Color c) => System.Drawing.Color.FromArgb(c.R, c.G, c.B);
}
