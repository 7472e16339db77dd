using System.Text;
using Anima.Tui.ViewModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>Every key, from the key map itself so it cannot go stale.</summary>
public sealed class HelpDialog : Overlay
{
    public HelpDialog()
        : base("Help (Esc closes)", 70, 70)
    {
        Add(new PlainLabel { X = 1, Y = 0, Width = Dim.Fill(1), Height = Dim.Fill(), Text = HelpText() });
    }

    public static string HelpText()
    {
        var text = new StringBuilder($"Command mode: {CommandKeyMap.Prefix}, then\n");
        foreach (var (key, _, description, _) in CommandKeyMap.Bindings)
        {
            text.Append($"  {key}   {description}\n");
        }

        text.Append("\nElsewhere\n");
        foreach (var (key, description) in CommandKeyMap.OtherKeys)
        {
            text.Append($"  {key,-26} {description}\n");
        }

        return text.ToString();
    }
}
