using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Anima.Tui.Views;

/// <summary>The layout: chat on the left, sidebar on the right, input and status line at the bottom.</summary>
public sealed class MainWindow : Window
{
    public const int SidebarWidth = 32;
    public const int InputHeight = 5;

    /// <summary>Narrower than this, the sidebar is hidden: on a 40-column terminal it left the chat 8 columns.</summary>
    public const int SidebarFrom = 80;

    public MainWindow()
    {
        Title = "Anima";
        BorderStyle = Terminal.Gui.Drawing.LineStyle.None;

        Chat = new ChatView { X = 0, Y = 0, Width = Dim.Fill(SidebarWidth), Height = Dim.Fill(InputHeight + 1) };
        Sidebar = new Sidebar { X = Pos.AnchorEnd(SidebarWidth), Y = 0, Width = SidebarWidth, Height = Dim.Fill(1) };
        Input = new InputBox { X = 0, Y = Pos.AnchorEnd(InputHeight + 1), Width = Dim.Fill(SidebarWidth), Height = InputHeight };
        Input.BorderStyle = Terminal.Gui.Drawing.LineStyle.Rounded;
        Input.Title = "Message (Enter sends · Alt+Enter new line · Ctrl+a ? help)";
        Status = new StatusLine { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        Picker = new SessionPicker();
        Help = new HelpDialog();
        Account = new AccountDialog();
        Memory = new MemoryDialog();
        Approval = new ApprovalDialog();

        Add(Chat, Sidebar, Input, Status, Picker, Help, Account, Memory, Approval);
        foreach (var overlay in new Overlay[] { Picker, Help, Account, Memory, Approval })
        {
            overlay.Closed += () => Input.SetFocus();
        }
    }

    public ChatView Chat { get; }

    public Sidebar Sidebar { get; }

    public InputBox Input { get; }

    public StatusLine Status { get; }

    public SessionPicker Picker { get; }

    public HelpDialog Help { get; }

    public AccountDialog Account { get; }

    public MemoryDialog Memory { get; }

    public ApprovalDialog Approval { get; }

    public bool OverlayOpen => OpenOverlay is not null;

    /// <summary>The dialog shown over the chat, if any.</summary>
    public Overlay? OpenOverlay => new Overlay[] { Picker, Help, Account, Memory, Approval }.FirstOrDefault(o => o.IsOpen);

    /// <summary>Shows the sidebar only where there is room for it beside the chat.</summary>
    protected override void OnSubViewLayout(LayoutEventArgs args)
    {
        var show = Viewport.Width >= SidebarFrom;
        if (show != Sidebar.Visible)
        {
            Sidebar.Visible = show;
            var right = show ? SidebarWidth : 0;
            Chat.Width = Dim.Fill(right);
            Input.Width = Dim.Fill(right);
        }

        base.OnSubViewLayout(args);
    }

    public void CloseOverlays()
    {
        Picker.Close();
        Help.Close();
        Account.Close();
        Memory.Close();
        Approval.Close();
    }
}
