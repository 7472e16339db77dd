using System.Text;
using Anima.Actors.Client;
using Anima.Actors.Configuration;
using Anima.Actors.Trust;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tui.Connection;
using Anima.Tui.Keys;
using Anima.Tui.ViewModel;
using Anima.Tui.Views;
using Terminal.Gui.App;

namespace Anima.Tui;

/// <summary>
/// The terminal UI: paints first, connects in the background, then keeps the view model in step with
/// what the brain pushes. Every view-model change happens on the UI thread (pushes arrive through
/// <c>app.Invoke</c>); redraws are batched on a short timer so streamed text does not re-render per token.
/// </summary>
public sealed class TuiApp
{
    private static readonly TimeSpan RenderEvery = TimeSpan.FromMilliseconds(40);

    private readonly TuiOptions _options;
    private readonly IApplication _app;
    private readonly MainWindow _window;
    private readonly TuiConnection _connection;
    private readonly StatusState _status = new();
    private Transcript? _transcript;
    private SessionSummary? _summary;
    private ContextWindowInfo? _context;
    private IReadOnlyList<HormoneReading>? _mind;
    private IReadOnlyList<string>? _desires;
    private long _renderedVersion = -1;
    private (long Seq, int Streamed) _outputSeen;
    private readonly List<string> _beforeSession = [];
    private int _catchUps;
    private string _renderedStatus = string.Empty;
    private bool _opening;
    private string? _notice;
    private DateTime _noticeUntil;

    private TuiApp(TuiOptions options, IApplication app)
    {
        _options = options;
        _app = app;
        _window = new MainWindow();
        _window.Input.History = InputHistory.Open(InputHistory.FileIn(options.Home.Root));
        _connection = new TuiConnection(options.Address, () => ClientCredentials.Resolve(options.Home, options.ClientBundle));
        _connection.Pushed += message => _app.Invoke(() => OnPush(message));
        Wire();
    }

    public static async Task<int> RunAsync(TuiOptions options)
    {
        using IApplication app = Application.Create();
        app.Init();
        var tui = new TuiApp(options, app);
        var started = Task.Run(tui._connection.Start);
        try
        {
            app.Run(tui._window);
        }
        finally
        {
            await started.ConfigureAwait(false);
            await tui._connection.DisposeAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private void Wire()
    {
        _window.Input.Submitted += Send;
        _window.Picker.Chosen += chosen => SwitchTo(chosen.SessionId, chosen);
        _window.Account.KeyEntered += StoreKey;
        // Deferred: the scroll that got the reader there is still being handled.
        _window.Chat.TopReached += () => _app.Invoke(ShowEarlier);
        _window.Chat.LinkClicked += (_, e) =>
        {
            if (e.Url.StartsWith("tool:", StringComparison.Ordinal))
            {
                _transcript?.ToggleTool(e.Url["tool:".Length..]);
                e.Handled = true;
            }
        };
        var keyLog = Environment.GetEnvironmentVariable("ANIMA_TUI_KEYLOG");
        if (keyLog is not null)
        {
            _app.Keyboard.KeyDown += (_, key) => File.AppendAllText(keyLog, $"{key} {key.KeyCode}\n");
        }

        new GlobalKeys(_window, _status, command =>
        {
            Execute(command);
            Render();
        }).Attach(_app);
        _window.Input.SetFocus();
        _app.AddTimeout(RenderEvery, () =>
        {
            Render();
            return true;
        });
        Render();
    }

    private void Execute(CommandAction command)
    {
        switch (command)
        {
            case CommandAction.NewSession:
                _window.CloseOverlays();
                Request<SessionCreated>(new CreateSession(WorkingDirectory: _options.WorkingDirectory), created => SwitchTo(created.SessionId, null));
                break;
            case CommandAction.SessionPicker:
                _window.CloseOverlays();
                Request<SessionList>(new ListSessions(50), list =>
                    _window.Picker.Show(list.Sessions, _transcript?.SessionId, DateTimeOffset.Now));
                break;
            case CommandAction.Interrupt:
                if (_transcript is { TurnRunning: true } running)
                {
                    _connection.Interrupt(running.SessionId);
                    Notice("Interrupt sent.");
                }

                break;
            case CommandAction.ToggleTools:
                _transcript?.ToggleAllTools();
                break;
            case CommandAction.Account:
                _window.CloseOverlays();
                _window.Account.Show(AccountText.State(_options.Home, Credentials.FromEnvironment()));
                break;
            case CommandAction.Help:
                _window.CloseOverlays();
                _window.Help.Open();
                break;
            case CommandAction.Retry:
                _connection.RetryNow();
                break;
            case CommandAction.Quit:
                _app.RequestStop();
                break;
            case CommandAction.Cancel:
                break;
        }
    }

    private void OnPush(object message)
    {
        switch (message)
        {
            case LinkStateChanged changed:
                if (changed.State == LinkState.Connected && _status.Link != LinkState.Connected)
                {
                    _transcript?.ResetLive();
                }

                _status.Apply(changed);
                if (changed.State == LinkState.Connected)
                {
                    OpenFirstSession();
                }

                break;
            case HistoryChunk chunk:
                foreach (var journaled in chunk.Events)
                {
                    _transcript?.Apply(journaled);
                }

                if (chunk.Last && _transcript is { } caughtUp && caughtUp.SessionId == chunk.SessionId)
                {
                    _catchUps++;
                    SendWaiting(caughtUp);
                }

                break;
            case Journaled journaled:
                _transcript?.Apply(journaled);
                break;
            case ITransientEvent transient:
                ApplyTransient(transient);
                break;
            case RequestFailed failed:
                Notice(failed.Reason);
                break;
        }
    }

    private void ApplyTransient(ITransientEvent transient)
    {
        if (transient is MindChanged changed)
        {
            if (changed.SessionId == _transcript?.SessionId)
            {
                _mind = changed.Hormones;
                _desires = changed.Desires;
            }

            return;
        }

        if (ContextWindowInfo.From(transient) is { } context)
        {
            if (context.SessionId == _transcript?.SessionId)
            {
                _context = context;
            }

            return;
        }

        _transcript?.Apply(transient);
    }

    /// <summary>On the first connection: the session asked for, else the newest, else a new one.</summary>
    private void OpenFirstSession()
    {
        if (_transcript is not null || _opening)
        {
            return;
        }

        _opening = true;
        if (_options.SessionId is { } wanted)
        {
            Request<SessionFound>(new FindSession(wanted), found => SwitchTo(found.Session.SessionId, found.Session));
            return;
        }

        Request<SessionList>(new ListSessions(1), list =>
        {
            if (list.Sessions.Count > 0)
            {
                SwitchTo(list.Sessions[0].SessionId, list.Sessions[0]);
            }
            else
            {
                Request<SessionCreated>(new CreateSession(WorkingDirectory: _options.WorkingDirectory), created => SwitchTo(created.SessionId, null));
            }
        });
    }

    private void SwitchTo(string sessionId, SessionSummary? summary)
    {
        _opening = false;
        if (_transcript?.SessionId == sessionId)
        {
            return;
        }

        foreach (var unsent in _transcript?.Pending.Where(p => p.Waiting) ?? [])
        {
            GiveBack(unsent.Text, "A message for the last session was not sent: it is back in the input box.");
        }

        _transcript = new Transcript(sessionId);
        _summary = summary;
        _context = null;
        _mind = null;
        _desires = null;
        _renderedVersion = -1;
        _window.Chat.ScrollToEnd();
        _connection.Attach(sessionId);
        Request<MindReport>(new GetMind(sessionId), report =>
        {
            if (report.SessionId == _transcript?.SessionId)
            {
                _mind = report.Hormones;
                _desires = report.Desires;
            }
        });
        foreach (var early in _beforeSession)
        {
            Send(early);
        }

        _beforeSession.Clear();
        _window.Input.SetFocus();
    }

    /// <summary>
    /// A message the user typed is never dropped silently. Before a session is open it waits for one; a message the
    /// brain did not acknowledge (the link down, or a brain that died while the status bar still said CONNECTED)
    /// stays on screen and goes again once the link is back and the session's history has caught up — unless that
    /// history already holds it under its correlation id (the acknowledgement was what got lost); the brain answers a
    /// repeated correlation id with the first acknowledgement anyway. One the brain refused comes back to the input
    /// box with the reason.
    /// </summary>
    private void Send(string text)
    {
        if (_transcript is not { } transcript)
        {
            _beforeSession.Add(text);
            Notice("No session open yet: the message goes as soon as one is.");
            return;
        }

        var pending = new PendingMessage(Guid.NewGuid().ToString("N"), text);
        transcript.AddPending(pending);
        _window.Chat.ScrollToEnd();
        Post(transcript, pending);
    }

    private void Post(Transcript transcript, PendingMessage pending)
    {
        if (_status.Link != LinkState.Connected)
        {
            transcript.Waiting(pending.CorrelationId);
            return;
        }

        var catchUps = _catchUps;
        _connection.RequestAsync<UserMessageAccepted>(new PostUserMessage(transcript.SessionId, pending.Text, pending.CorrelationId))
            .ContinueWith(task => _app.Invoke(() =>
            {
                if (task.IsCompletedSuccessfully)
                {
                    transcript.Accepted(pending.CorrelationId, task.Result.Seq);
                }
                else if (IsLinkFailure(task.Exception?.GetBaseException()) || _status.Link != LinkState.Connected)
                {
                    transcript.Waiting(pending.CorrelationId);
                    Notice("The brain did not acknowledge your message: it is sent again once the link is back.");
                    if (_status.Link == LinkState.Connected && _catchUps != catchUps && _transcript == transcript)
                    {
                        // The link came back while this one was in flight, and the history it caught up with does
                        // not hold it (or it would no longer be pending): it goes now.
                        SendWaiting(transcript);
                    }
                }
                else
                {
                    var reason = task.Exception?.GetBaseException().Message ?? "cancelled";
                    transcript.Failed(pending.CorrelationId, reason);
                    GiveBack(pending.Text, $"Not sent ({reason}): the message is back in the input box.");
                }
            }), TaskScheduler.Default);
    }

    /// <summary>The session's history has caught up after an attach: what still waits was never journaled, so it goes now.</summary>
    private void SendWaiting(Transcript transcript)
    {
        foreach (var pending in transcript.TakeWaiting())
        {
            Post(transcript, pending);
        }
    }

    private static bool IsLinkFailure(Exception? failure) => failure is Akka.Actor.AskTimeoutException or TaskCanceledException or BrainUnavailableException
        || (failure is InvalidOperationException && failure.Message.StartsWith("Not connected", StringComparison.Ordinal));

    /// <summary>Puts an unsent message back where the user can send it again.</summary>
    private void GiveBack(string text, string notice)
    {
        if (_window.Input.IsEmpty)
        {
            _window.Input.Text = text;
            _window.Input.MoveEnd();
        }

        Notice(notice);
    }

    private void Request<T>(IClientRequest request, Action<T> then)
        where T : IClientReply
    {
        _connection.RequestAsync<T>(request).ContinueWith(task => _app.Invoke(() =>
        {
            if (task.IsCompletedSuccessfully)
            {
                then(task.Result);
            }
            else
            {
                _opening = false;
                Notice(task.Exception?.GetBaseException().Message ?? "the request was cancelled");
            }
        }), TaskScheduler.Default);
    }

    private void StoreKey(string key)
    {
        try
        {
            Credentials.Store(_options.Home, key);
            _window.Account.ShowState(AccountText.AfterStore(_options.Home, Credentials.FromEnvironment()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _window.Account.ShowState($"Could not store the key: {ex.Message}");
        }
    }

    /// <summary>A line on the status bar for a moment, for things that are not part of the session.</summary>
    private void Notice(string text)
    {
        _notice = text;
        _noticeUntil = DateTime.UtcNow + TimeSpan.FromSeconds(5);
    }

    /// <summary>The reader scrolled to the top of the pane: the items before it come in above.</summary>
    private void ShowEarlier()
    {
        if (_transcript is { } transcript && transcript.ShowEarlier(Transcript.TailChars))
        {
            _renderedVersion = transcript.Version;
            _window.Chat.Show(transcript.ToMarkdown(), addedAbove: true);
        }
    }

    private void Render()
    {
        if (_transcript is { } transcript)
        {
            if (_window.Chat.Following)
            {
                transcript.FollowTail(Transcript.TailChars);
            }

            if (transcript.Version != _renderedVersion)
            {
                _renderedVersion = transcript.Version;
                _window.Chat.Show(transcript.ToMarkdown());
            }

            // New output: an event or streamed text (not a tool folded or earlier items brought in above).
            var output = (transcript.LastSeq, transcript.StreamingText.Length);
            _status.NewOutputBelow = !_window.Chat.Following && (_status.NewOutputBelow || output != _outputSeen);
            _outputSeen = output;
        }
        else if (_renderedVersion != -2)
        {
            _renderedVersion = -2;
            _window.Chat.Show("*Connecting to the brain at " + _options.Address + "…*\n");
        }

        var notice = _notice is not null && DateTime.UtcNow < _noticeUntil ? _notice : null;
        var status = _status.ModeText(_transcript) + "|" + _status.ConnectionText + "|" + (notice ?? _status.Hint);
        if (status != _renderedStatus)
        {
            _renderedStatus = status;
            _window.Status.Show(_status.ModeText(_transcript), _status.ConnectionText, notice ?? _status.Hint);
        }

        _window.Sidebar.Show(SidebarText());
    }

    private string SidebarText()
    {
        var text = new StringBuilder();
        if (_transcript is not { } t)
        {
            return $"brain {_options.Address}\n\nno session yet";
        }

        var title = t.Title ?? _summary?.Title;
        text.Append("id     ").Append(t.SessionId).Append('\n');
        text.Append("title  ").Append(string.IsNullOrWhiteSpace(title) ? "(untitled)" : title).Append("\n\n");
        text.Append("messages  ").Append(t.MessageCount).Append('\n');
        text.Append("context   ").Append(ContextWindowInfo.Describe(_context, t.LastUsage)).Append("\n\n");
        text.Append("last turn\n");
        if (t.LastUsage is { } usage)
        {
            text.Append($"  in     {usage.InputTokens:N0}\n  out    {usage.OutputTokens:N0}\n");
            if (usage.CacheReadTokens > 0 || usage.CacheWriteTokens > 0)
            {
                text.Append($"  cache  {usage.CacheReadTokens:N0} read, {usage.CacheWriteTokens:N0} written\n");
            }
        }
        else
        {
            text.Append("  —\n");
        }

        if (_mind is { Count: > 0 } mind)
        {
            text.Append("\nmind\n").Append(MindBars.Render(mind));
            if (_desires is { Count: > 0 } desires)
            {
                text.Append("wants\n").Append(MindBars.Wants(desires, MainWindow.SidebarWidth - 2));
            }
        }

        text.Append("\nbrain ").Append(_options.Address).Append('\n');
        if (t.Pending.Count > 0)
        {
            text.Append("queued ").Append(t.Pending.Count).Append('\n');
        }

        if (!_window.Chat.Following)
        {
            text.Append("\n(scrolled up: PageDown)\n");
        }

        return text.ToString();
    }
}
