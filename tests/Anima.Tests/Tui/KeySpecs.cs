using System.Collections.ObjectModel;
using Anima.Messages.Clients;
using Anima.Tui.Keys;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Anima.Tests.Tui;

/// <summary>The main window with the TUI's key routing, driven by keys on a headless terminal.</summary>
[Collection("headless terminal")]
public sealed class KeySpecs : IDisposable
{
    private readonly MainWindow _window = new();
    private readonly StatusState _status = new();
    private readonly List<CommandAction> _executed = [];
    private readonly HeadlessTerminal _terminal;

    public KeySpecs()
    {
        _terminal = new HeadlessTerminal(_window);
        new GlobalKeys(_window, _status, command =>
        {
            _executed.Add(command);
            switch (command)
            {
                // What TuiApp does for these, without a brain: open the dialog.
                case CommandAction.Help:
                    _window.Help.Open();
                    break;
                case CommandAction.Account:
                    _window.Account.Show("No Anthropic credentials set.");
                    break;
                case CommandAction.SessionPicker:
                    _window.Picker.Show(Sessions(), "s1", DateTimeOffset.Now);
                    break;
            }
        }).Attach(_terminal.App);
        _window.Input.SetFocus();
    }

    public static TheoryData<char, Key[]> DialogsAndWanderingKeys => new()
    {
        { '?', [Key.Tab] },
        { '?', [Key.Tab, Key.Tab.WithShift, Key.CursorDown] },
        { 'a', [Key.Tab] },
        { 's', [Key.End, Key.CursorDown] },
        { 's', [Key.Tab, Key.CursorUp] },
    };

    [Theory]
    [MemberData(nameof(DialogsAndWanderingKeys))]
    public void Esc_closes_the_dialog_and_only_the_dialog_wherever_focus_went(char command, Key[] wandering)
    {
        _terminal.Press(Key.A.WithCtrl, new Key(command));
        Assert.True(_window.OverlayOpen);

        _terminal.Press(wandering);
        _terminal.Press(Key.Esc);

        Assert.False(_window.OverlayOpen, "the dialog closed");
        Assert.False(_window.StopRequested, "the TUI did not quit");
        Assert.True(_window.Input.HasFocus);
        _terminal.Type("still here");
        Assert.Equal("still here", _window.Input.Text);
    }

    [Fact]
    public void Esc_outside_a_dialog_interrupts_and_never_quits()
    {
        _terminal.Press(Key.Esc);

        Assert.Equal([CommandAction.Interrupt], _executed);
        Assert.False(_window.StopRequested);
    }

    public static TheoryData<KeyCode> Arrows => new() { KeyCode.CursorUp, KeyCode.CursorDown, KeyCode.CursorLeft, KeyCode.CursorRight };

    [Theory]
    [MemberData(nameof(Arrows))]
    public void An_arrow_in_an_empty_input_keeps_the_focus_so_what_is_typed_and_pasted_next_arrives(KeyCode arrow)
    {
        _terminal.Press(new Key(arrow));
        Assert.True(_window.Input.HasFocus);

        _terminal.Type("typed after it");
        _terminal.App.RaisePasteEvent(" and pasted");

        Assert.Equal("typed after it and pasted", _window.Input.Text);
    }

    [Fact]
    public void Typing_after_the_focus_went_to_the_chat_goes_to_the_input()
    {
        _window.Chat.CanFocus = true;
        _window.Chat.SetFocus();

        _terminal.Type("hi");
        _terminal.App.RaisePasteEvent(" there");

        Assert.Equal("hi there", _window.Input.Text);
    }

    [Fact]
    public void Up_brings_back_the_last_message_sent_and_Ctrl_U_clears_the_input()
    {
        var sent = new List<string>();
        _window.Input.Submitted += sent.Add;
        _terminal.Type("first message");
        _terminal.Press(Key.Enter);
        Assert.Equal(["first message"], sent);

        _terminal.Type("draft");
        _terminal.Press(Key.CursorUp);
        Assert.Equal("first message", _window.Input.Text);

        _terminal.Press(Key.U.WithCtrl);
        Assert.Equal(string.Empty, _window.Input.Text);
    }

    [Fact]
    public void End_takes_the_chat_back_to_the_newest_output()
    {
        _window.Chat.Show(string.Join("\n\n", Enumerable.Range(0, 200).Select(i => $"paragraph {i}")));
        _terminal.Screen();
        _terminal.Press(Key.PageUp, Key.PageUp);
        Assert.False(_window.Chat.Following);

        _terminal.Press(Key.End);

        Assert.True(_window.Chat.Following);
        Assert.Contains("paragraph 199", _terminal.Screen());
    }

    public void Dispose() => _terminal.Dispose();

    private static ReadOnlyCollection<SessionSummary> Sessions() => new(
    [
        new SessionSummary("s1", "first", 2, DateTimeOffset.Now, DateTimeOffset.Now, 1),
        new SessionSummary("s2", "second", 4, DateTimeOffset.Now, DateTimeOffset.Now, 1),
        new SessionSummary("s3", "third", 6, DateTimeOffset.Now, DateTimeOffset.Now, 1),
    ]);
}
