using Anima.Messages.Sessions;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace Anima.Tui.Views;

/// <summary>
/// A tool call that waits for approval: why it asks, and what it would do (the command, the diff of an edit).
/// y runs it, n declines it, a runs it and allows what the rule says for the rest of the session; Esc puts it off.
/// </summary>
public sealed class ApprovalDialog : Overlay
{
    private readonly PlainLabel _reason = new() { X = 1, Y = 0, Width = Dim.Fill(1), Height = 2 };
    private readonly PlainLabel _preview = new() { X = 1, Y = 2, Width = Dim.Fill(1), Height = Dim.Fill(2) };
    private readonly PlainLabel _keys = new() { X = 1, Y = Pos.AnchorEnd(1), Width = Dim.Fill(1), Height = 1 };

    public ApprovalDialog()
        : base("Approve?", 80, 70)
    {
        Add(_reason, _preview, _keys);
        // Closed unanswered (Esc, another dialog, a new session): put off, not declined.
        Closed += () =>
        {
            if (Request is { } request)
            {
                Request = null;
                PutOff?.Invoke(request);
            }
        };
    }

    /// <summary>Raised with the call and the user's answer.</summary>
    public event Action<ApprovalRequested, ApprovalDecision>? Answered;

    /// <summary>Raised when the user closes the dialog without answering.</summary>
    public event Action<ApprovalRequested>? PutOff;

    /// <summary>The request shown, while the dialog is open.</summary>
    public ApprovalRequested? Request { get; private set; }

    public void Show(ApprovalRequested request)
    {
        Request = request;
        Title = $"Approve {request.ToolName}?";
        _reason.Text = request.Reason + ".";
        _preview.Text = string.Join('\n', request.Preview.Split('\n').Take(200));
        _keys.Text = "y yes · n no" + (request.Rule is null ? string.Empty : $" · a always allow {request.Rule} (this session)") + " · Esc later";
        Open();
    }

    /// <summary>Closes the dialog of a call that no longer waits (answered elsewhere, interrupted).</summary>
    public void Dismiss()
    {
        Request = null;
        Close();
    }

    protected override bool OnKeyDown(Key key)
    {
        if (Request is { } request)
        {
            ApprovalDecision? decision = key == Key.Y ? ApprovalDecision.Approve
                : key == Key.N ? ApprovalDecision.Deny
                : key == Key.A && request.Rule is not null ? ApprovalDecision.Always
                : null;
            if (decision is { } answer)
            {
                Request = null;
                Close();
                Answered?.Invoke(request, answer);
                return true;
            }
        }

        return base.OnKeyDown(key);
    }
}
