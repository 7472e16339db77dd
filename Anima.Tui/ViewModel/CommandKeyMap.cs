namespace Anima.Tui.ViewModel;

/// <summary>tmux-style command mode: Ctrl+a, then one key.</summary>
public static class CommandKeyMap
{
    public const string Prefix = "Ctrl+a";

    /// <summary>Every command key with what it does, in the order help lists them.</summary>
    public static IReadOnlyList<(char Key, CommandAction Command, string Description, string Short)> Bindings { get; } =
    [
        ('n', CommandAction.NewSession, "new session", "new"),
        ('s', CommandAction.SessionPicker, "switch session (recent sessions; Enter switches)", "sessions"),
        ('i', CommandAction.Interrupt, "interrupt the running turn (Esc too)", "interrupt"),
        ('t', CommandAction.ToggleTools, "expand / fold every tool call", "tools"),
        ('m', CommandAction.Memory, "memory: what the last turn recalled, and why", "memory"),
        ('p', CommandAction.CycleMode, "permission mode of the session: ask → auto-edit → trust", "mode"),
        ('y', CommandAction.ShowApproval, "show the tool call waiting for approval", "approve"),
        ('a', CommandAction.Account, "account: credentials, paste an API key", "account"),
        ('r', CommandAction.Retry, "reconnect now", "reconnect"),
        ('?', CommandAction.Help, "this help", "help"),
        ('q', CommandAction.Quit, "quit (the brain keeps running)", "quit"),
    ];

    /// <summary>The status bar's line in command mode, from the bindings themselves so it cannot leave one out.</summary>
    public static string Hint { get; } = string.Join(" · ", Bindings.Select(b => $"{b.Key} {b.Short}"));

    /// <summary>Other keys, outside command mode, listed by help.</summary>
    public static IReadOnlyList<(string Key, string Description)> OtherKeys { get; } =
    [
        ("Enter", "send the message (also while a turn runs: it is queued)"),
        ("Shift+Enter / Alt+Enter", "new line in the message"),
        ("Up / Down", "previous / next sent message (on the first / last line)"),
        ("Ctrl+U", "clear the message being written"),
        ("PageUp / PageDown, wheel", "scroll the chat; new output follows only at the bottom"),
        ("End", "back to the newest output"),
        ("Esc", "interrupt the running turn; in a dialog, close it"),
        ("r", "reconnect, when disconnected and the input is empty"),
        ("click a tool name", "expand / fold that tool call"),
    ];

    /// <summary>The command for a key typed in command mode; unknown keys (and Esc) leave command mode.</summary>
    public static CommandAction Resolve(char key)
    {
        foreach (var binding in Bindings)
        {
            if (binding.Key == char.ToLowerInvariant(key))
            {
                return binding.Command;
            }
        }

        return CommandAction.Cancel;
    }
}
