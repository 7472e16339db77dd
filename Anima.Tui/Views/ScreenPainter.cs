using Anima.Tui.ViewModel;

namespace Anima.Tui.Views;

/// <summary>
/// Paints the view model on the main window: the chat pane only when the transcript changed, the status bar only
/// when its text did, and the sidebar. Called on the UI thread, from a short timer and after every command.
/// </summary>
public sealed class ScreenPainter(MainWindow window, StatusState status, string brainAddress)
{
    private long _renderedVersion = -1;
    private (long Seq, int Streamed) _outputSeen;
    private string _renderedStatus = string.Empty;

    /// <summary>Another session opened: the pane is painted afresh.</summary>
    public void Reset() => _renderedVersion = -1;

    /// <summary>The reader scrolled to the top of the pane: the items before it come in above.</summary>
    public void ShowEarlier(Transcript transcript)
    {
        if (transcript.ShowEarlier(Transcript.TailChars))
        {
            _renderedVersion = transcript.Version;
            window.Chat.Show(transcript.ToMarkdown(), addedAbove: true);
        }
    }

    public void Paint(SessionView? session, string? notice)
    {
        var transcript = session?.Transcript;
        if (transcript is not null)
        {
            if (window.Chat.Following)
            {
                transcript.FollowTail(Transcript.TailChars);
            }

            if (transcript.Version != _renderedVersion)
            {
                _renderedVersion = transcript.Version;
                window.Chat.Show(transcript.ToMarkdown());
            }

            // New output: an event or streamed text (not a tool folded or earlier items brought in above).
            var output = (transcript.LastSeq, transcript.StreamingText.Length);
            status.NewOutputBelow = !window.Chat.Following && (status.NewOutputBelow || output != _outputSeen);
            _outputSeen = output;
        }
        else if (_renderedVersion != -2)
        {
            _renderedVersion = -2;
            window.Chat.Show("*Connecting to the brain at " + brainAddress + "…*\n");
        }

        var text = status.ModeText(transcript) + "|" + status.ConnectionText + "|" + (notice ?? status.Hint);
        if (text != _renderedStatus)
        {
            _renderedStatus = text;
            window.Status.Show(status.ModeText(transcript), status.ConnectionText, notice ?? status.Hint);
        }

        window.Sidebar.Show(SidebarText.For(session, brainAddress, window.Chat.Following, MainWindow.SidebarWidth));
    }
}
