using System.Text;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>
/// A label that shows its text as it is. Terminal.Gui reads the first '_' of a label as a hotkey marker and hides
/// it: the account dialog showed "ANTHROPICAPI_KEY", and a session titled "my_notes" would lose its underscore.
/// </summary>
public sealed class PlainLabel : Label
{
    public PlainLabel()
    {
        HotKeySpecifier = new Rune(0xFFFF);
    }
}
