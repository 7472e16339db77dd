using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Messages.Usage;
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
    private readonly ScreenPainter _painter;
    private SessionView? _session;
    private readonly List<string> _beforeSession = [];
    private int _catchUps;
    private bool _opening;
    private string? _notice;
    private DateTime _noticeUntil;

    private TuiApp(TuiOptions options, IApplication app)
    {
        _options = options;
        _app = app;
        _window = new MainWindow();
        _window.Input.History = InputHistory.Open(InputHistory.FileIn(options.Home.Root));
        _painter = new ScreenPainter(_window, _status, options.Address.ToString());
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

    /// <summary>The open session's transcript; null until one is open.</summary>
    private Transcript? OpenTranscript => _session?.Transcript;

    private void Wire()
    {
        _window.Input.Submitted += Send;
        _window.Picker.Chosen += chosen => SwitchTo(chosen.SessionId, chosen);
        _window.Account.KeyEntered += StoreKey;
        _window.Approval.Answered += Answer;
        _window.Approval.PutOff += request =>
        {
            if (_session is { } session)
            {
                session.Permissions.PutOff = request.CallId;
            }

            Notice($"{request.ToolName} still waits for approval: Ctrl+a y shows it again.");
        };
        // Deferred: the scroll that got the reader there is still being handled.
        _window.Chat.TopReached += () => _app.Invoke(() =>
        {
            if (OpenTranscript is { } transcript)
            {
                _painter.ShowEarlier(transcript);
            }
        });
        _window.Chat.LinkClicked += (_, e) =>
        {
            if (e.Url.StartsWith("tool:", StringComparison.Ordinal))
            {
                OpenTranscript?.ToggleTool(e.Url["tool:".Length..]);
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
                    _window.Picker.Show(list.Sessions, OpenTranscript?.SessionId, DateTimeOffset.Now));
                break;
            case CommandAction.Interrupt:
                if (OpenTranscript is { TurnRunning: true } running)
                {
                    _connection.Interrupt(running.SessionId);
                    Notice("Interrupt sent.");
                }

                break;
            case CommandAction.ToggleTools:
                OpenTranscript?.ToggleAllTools();
                break;
            case CommandAction.Account:
                _window.CloseOverlays();
                _window.Account.Show(AccountText.State(_options.Home, Credentials.FromEnvironment()));
                break;
            case CommandAction.Help:
                _window.CloseOverlays();
                _window.Help.Open();
                break;
            case CommandAction.Memory:
                _window.CloseOverlays();
                _window.Memory.Show(RecallText.For(_session?.Recalled, _session?.SessionId ?? string.Empty, DateTimeOffset.Now));
                break;
            case CommandAction.Retry:
                _connection.RetryNow();
                break;
            case CommandAction.Quit:
                _app.RequestStop();
                break;
            case CommandAction.CycleMode:
                if (_session is { } session)
                {
                    var next = PermissionModes.Next(session.Permissions.Mode ?? PermissionMode.Ask);
                    Request<PermissionModeSet>(new SetPermissionMode(session.SessionId, next, "tui"), set => Notice($"Tools: {PermissionModes.Name(set.Mode)} mode for this session."));
                }

                break;
            case CommandAction.ShowApproval:
                if (_session?.Permissions.Waiting.FirstOrDefault() is { } waiting)
                {
                    _window.CloseOverlays();
                    _session.Permissions.PutOff = null;
                    _window.Approval.Show(waiting);
                }
                else
                {
                    Notice("No tool call waits for approval.");
                }

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
                    OpenTranscript?.ResetLive();
                }

                _status.Apply(changed);
                if (changed.State == LinkState.Connected)
                {
                    OpenFirstSession();
                }

                break;
            case HistoryChunk chunk:
                if (_session is { } session && session.Apply(chunk))
                {
                    _catchUps++;
                    SendWaiting(session.Transcript);
                }

                break;
            case Journaled journaled:
                _session?.Apply(journaled);
                break;
            case ITransientEvent transient:
                _session?.Apply(transient);
                if (transient is TurnEnded or TurnInFlight { Running: false } && _session is { } open && transient.SessionId == open.SessionId)
                {
                    // What the turn cost: asked once it ended (and on opening the session, when the brain says none runs).
                    AskUsage(open.SessionId);
                }

                if (_window.Memory.IsOpen && transient is MemoryRecalled or TurnInFlight)
                {
                    _window.Memory.Update(RecallText.For(_session?.Recalled, _session?.SessionId ?? string.Empty, DateTimeOffset.Now));
                }

                break;
            case RequestFailed failed:
                Notice(failed.Reason);
                break;
        }
    }

    /// <summary>On the first connection: the session asked for, else the newest, else a new one.</summary>
    private void OpenFirstSession()
    {
        if (OpenTranscript is not null || _opening)
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
        if (OpenTranscript?.SessionId == sessionId)
        {
            return;
        }

        foreach (var unsent in OpenTranscript?.Pending.Where(p => p.Waiting) ?? [])
        {
            GiveBack(unsent.Text, "A message for the last session was not sent: it is back in the input box.");
        }

        _session = new SessionView(sessionId, summary);
        _painter.Reset();
        _window.Chat.ScrollToEnd();
        _connection.Attach(sessionId);
        Request<MindReport>(new GetMind(sessionId), report => _session?.Apply(report));
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
        if (OpenTranscript is not { } transcript)
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
                    if (_status.Link == LinkState.Connected && _catchUps != catchUps && OpenTranscript == transcript)
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

    private void AskUsage(string sessionId) =>
        Request<UsageReport>(new GetUsage(sessionId), report => _session?.Apply(report, sessionId));

    /// <summary>A stored key closes the dialog, so the next words typed go to the chat, not over the key.</summary>
    private void StoreKey(string key)
    {
        if (Credentials.Problem(key) is { } problem)
        {
            _window.Account.ShowState($"{problem}\nNothing was stored.");
            return;
        }

        try
        {
            Credentials.Store(_options.Home, key);
            _window.Account.Close();
            Notice(AccountText.AfterStore(_options.Home, Credentials.FromEnvironment()));
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

    /// <summary>Sends the user's answer; another client may have answered first, which the notice says.</summary>
    private void Answer(ApprovalRequested request, ApprovalDecision decision)
    {
        if (_session is not { } session)
        {
            return;
        }

        Request<ApprovalRecorded>(new AnswerApproval(session.SessionId, request.CallId, decision, "tui"), recorded => Notice(recorded.Decision switch
        {
            ApprovalDecision.Deny => $"Declined {request.ToolName}.",
            ApprovalDecision.Always => $"Allowed {request.Rule} for this session.",
            _ => $"Approved {request.ToolName}.",
        }));
    }

    /// <summary>
    /// A call waiting for approval opens its dialog by itself, unless another dialog is open, the user put it off, or
    /// is writing a message (the next letter typed would answer it: "a" is "always"); one answered elsewhere (another
    /// client, an interrupt) closes it.
    /// </summary>
    private void ShowApprovals()
    {
        var dialog = _window.Approval;
        var permissions = _session?.Permissions;
        if (dialog.IsOpen && (dialog.Request is not { } shown || permissions is null || permissions.Waiting.All(w => w.CallId != shown.CallId)))
        {
            dialog.Dismiss();
        }

        if (!_window.OverlayOpen && _window.Input.IsEmpty && permissions?.ToShow is { } next)
        {
            dialog.Show(next);
        }
    }

    private void Render()
    {
        ShowApprovals();
        Paint();
    }

    private void Paint() => _painter.Paint(_session, _notice is not null && DateTime.UtcNow < _noticeUntil ? _notice : null);
}
