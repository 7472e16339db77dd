using Anima.Messages.Sessions;

namespace Anima.Tui.ViewModel;

/// <summary>
/// The open session's permissions as the screen shows them: its mode, and the tool calls that wait for the user's
/// approval (journaled requests without an answer or a result), oldest first.
/// </summary>
public sealed class PermissionView
{
    private readonly List<ApprovalRequested> _waiting = [];

    /// <summary>The session's mode; null until the brain has said.</summary>
    public PermissionMode? Mode { get; private set; }

    public IReadOnlyList<ApprovalRequested> Waiting => _waiting;

    /// <summary>A call the user put off answering (Esc): its dialog is not opened again by itself.</summary>
    public string? PutOff { get; set; }

    public void Apply(ISessionEvent evt)
    {
        switch (evt)
        {
            case ApprovalRequested request when _waiting.All(w => w.CallId != request.CallId):
                _waiting.Add(request);
                break;
            case ApprovalAnswered answered:
                _waiting.RemoveAll(w => w.CallId == answered.CallId);
                break;
            case ToolResponse response:
                _waiting.RemoveAll(w => w.CallId == response.CallId);
                break;
            case PermissionModeChanged changed:
                Mode = changed.Mode;
                break;
        }
    }

    public void Apply(TurnInFlight inFlight)
    {
        if (inFlight.Mode is { } mode)
        {
            Mode = mode;
        }
    }

    /// <summary>The request the dialog should show by itself now: the oldest waiting one the user has not put off.</summary>
    public ApprovalRequested? ToShow => _waiting.FirstOrDefault(w => w.CallId != PutOff);
}
