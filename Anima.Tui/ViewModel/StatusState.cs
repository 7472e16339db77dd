using Anima.Client;

namespace Anima.Tui.ViewModel;

/// <summary>What the status bar shows: the input mode and the state of the link to the brain.</summary>
public sealed class StatusState
{
    public bool CommandPending { get; set; }

    /// <summary>The reader scrolled up and something new arrived below.</summary>
    public bool NewOutputBelow { get; set; }

    public LinkState Link { get; private set; } = LinkState.Connecting;

    public int Attempt { get; private set; }

    public int MaxAttempts { get; private set; }

    public string? Reason { get; private set; }

    public void Apply(LinkStateChanged changed)
    {
        Link = changed.State;
        Attempt = changed.Attempt;
        MaxAttempts = changed.MaxAttempts;
        Reason = changed.Reason;
    }

    public TuiMode Mode(Transcript? transcript) =>
        CommandPending ? TuiMode.Command
        : transcript?.Retry is not null ? TuiMode.Retrying
        : transcript?.TurnRunning == true ? TuiMode.Thinking
        : TuiMode.Normal;

    public string ModeText(Transcript? transcript) => Mode(transcript) switch
    {
        TuiMode.Command => "COMMAND",
        TuiMode.Thinking => "THINKING",
        TuiMode.Retrying => $"RETRYING {transcript!.Retry!.Attempt}/{transcript.Retry.MaxAttempts}",
        _ => "NORMAL",
    };

    public string ConnectionText => Link switch
    {
        LinkState.Connected => "CONNECTED",
        LinkState.Connecting => "CONNECTING",
        LinkState.Reconnecting => $"RECONNECTING {Attempt}/{MaxAttempts}",
        _ => "DISCONNECTED",
    };

    /// <summary>The hint after the states: what the user can do now.</summary>
    public string Hint => Link == LinkState.Disconnected
        ? "press r to retry" + (Reason is null ? string.Empty : $" ({Reason})")
        : CommandPending
            ? CommandKeyMap.Hint
            : NewOutputBelow
                ? "↓ new output below: End or PageDown"
                : "Ctrl+a ? help";
}
