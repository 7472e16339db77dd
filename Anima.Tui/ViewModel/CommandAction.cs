namespace Anima.Tui.ViewModel;

/// <summary>What a key in command mode (after Ctrl+a) does.</summary>
public enum CommandAction
{
    NewSession,
    SessionPicker,
    Interrupt,
    Quit,
    Account,
    Help,
    ToggleTools,
    Memory,
    Retry,
    CycleMode,
    ShowApproval,
    Cancel,
}
