namespace Anima.Tui.ViewModel;

public enum TuiMode
{
    Normal,
    Command,
    Thinking,
    Retrying,
}
