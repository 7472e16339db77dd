using Akka.Actor;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Actors.Tools;
using Anima.Client;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// <c>session-*/agent</c>: runs the session's turns on an <see cref="AgentLoop"/>, and after a transient provider
/// failure stops it and starts a new one with exponential backoff and jitter, telling the user before every
/// wait. A stock BackoffSupervisor cannot honour a server's retry-after or say how long it will wait, so this
/// one schedules the next attempt itself.
/// </summary>
public sealed class AgentSupervisor : ReceiveActor, IWithTimers
{
    private readonly string _sessionId;
    private readonly IActorRef _session;
    private IActorRef? _shell;
    private readonly AgentServices _services;
    private readonly string? _workingDirectory;
    private readonly Props _loopProps;
    private readonly BackoffPolicy _backoff;
    private IActorRef? _loop;
    private bool _turnRunning;
    private Exception? _failure;
    private int _failures;
    private bool _wakePending;
    private bool _retryScheduled;

    /// <param name="workingDirectory">The session's own directory (where its client ran), if it has one.</param>
    public AgentSupervisor(string sessionId, IActorRef session, AgentServices services, string? workingDirectory = null)
    {
        _sessionId = sessionId;
        _session = session;
        _services = services;
        _workingDirectory = workingDirectory;
        _loopProps = AgentLoop.Props(sessionId, session, services, WorkingDirectory); // the same for every turn: built once
        var settings = services.Settings;
        _backoff = settings.Retry;

        Receive<Wake>(_ =>
        {
            if (!_turnRunning && !_retryScheduled)
            {
                StartLoop(fresh: true);
            }
            else
            {
                _wakePending = true;
            }
        });
        Receive<TurnProgress>(_ => _failures = 0);
        Receive<ApprovalGiven>(given => _loop?.Forward(given));
        Receive<PermissionsChanged>(changed => _loop?.Forward(changed));
        Receive<ShellActor.Run>(run => Shell().Forward(run));
        Receive<ShellActor.Cancel>(cancel => _shell?.Forward(cancel));
        Receive<EventsAppended>(_ => { });
        Receive<InterruptTurn>(interrupt =>
        {
            if (_turnRunning)
            {
                _loop!.Forward(interrupt);
            }
            else if (_retryScheduled)
            {
                Timers.Cancel(nameof(Retry));
                _retryScheduled = false;
                _failures = 0;
                Close(TurnOutcome.Interrupted, "Interrupted by the user while waiting to retry.", SystemMessageLevel.Warning, interrupted: true);
            }
        });
        Receive<Retry>(_ =>
        {
            _retryScheduled = false;
            StartLoop(fresh: false);
        });
        Receive<TurnFinished>(_ => TurnOver());
        Receive<Terminated>(terminated =>
        {
            if (!terminated.ActorRef.Equals(_loop))
            {
                return;
            }

            _loop = null;
            var failure = _failure;
            _failure = null;
            if (failure is not null)
            {
                _turnRunning = false;
                Failed(failure);
            }
            else if (_turnRunning)
            {
                TurnOver();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sessionId, IActorRef session, AgentServices services, string? workingDirectory = null) =>
        Akka.Actor.Props.Create(() => new AgentSupervisor(sessionId, session, services, workingDirectory));

    /// <summary>A failed loop is stopped, never restarted in place: the next attempt starts a new one, clean, from the journal.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        if (Sender.Equals(_loop))
        {
            _failure = ex;
        }

        return Directive.Stop;
    });

    private void StartLoop(bool fresh)
    {
        _wakePending = false;
        if (fresh)
        {
            _session.Tell(new TurnActive(true));
            _session.Tell(new PublishTransient(new TurnStarted(_sessionId)));
        }

        _turnRunning = true;
        if (_loop is null)
        {
            _loop = Context.ActorOf(_loopProps, "loop-" + Guid.NewGuid().ToString("N")[..8]);
            Context.Watch(_loop);
        }

        _loop.Tell(BeginTurn.Instance);
    }

    /// <summary>
    /// The session's bash outlives its loops and starts with the first command: a turn without tools spawns none. It
    /// starts in the session's directory; a session without one (older, or made by a client that sent none) starts in
    /// <c>anima.tools.working-directory</c>.
    /// </summary>
    private IActorRef Shell() => _shell ??= Context.ActorOf(ShellActor.Props(WorkingDirectory, _services.Shells, _services.Settings.BashMaxOutputBytes), "shell");

    /// <summary>Where the session works: its shell starts there and its file tools resolve relative paths against it.</summary>
    private string WorkingDirectory => _workingDirectory ?? _services.Settings.WorkingDirectory;

    /// <summary>The turn ended without failing: earlier failures no longer count, and the session hears it is idle.</summary>
    private void TurnOver()
    {
        _turnRunning = false;
        _failures = 0;
        Idle();
    }

    private void Idle()
    {
        if (_wakePending)
        {
            // A message arrived as the turn was ending: the next turn answers it, or finds nothing to do.
            StartLoop(fresh: false);
            return;
        }

        _session.Tell(new TurnActive(false));
    }

    private void Failed(Exception failure)
    {
        if (failure is not ProviderException { Kind: ProviderErrorKind.Transient } transient)
        {
            Close(TurnOutcome.Failed, $"The turn failed unexpectedly: {failure.Message}", SystemMessageLevel.Error);
            return;
        }

        // MaxAttempts counts every call, the first included: "attempt 2/5" is the first retry.
        _failures++;
        if (_failures >= _backoff.MaxAttempts)
        {
            _failures = 0;
            Close(TurnOutcome.Failed, $"Gave up after {_backoff.MaxAttempts} attempts: {transient.Message}. Your message is saved; send another to try again.", SystemMessageLevel.Error);
            return;
        }

        var delay = _backoff.Delay(_failures, Random.Shared.NextDouble());
        if (transient.RetryAfter is { } retryAfter && retryAfter > delay)
        {
            delay = retryAfter;
        }

        _session.Tell(new PublishTransient(new RetryNotice(_sessionId, _failures + 1, _backoff.MaxAttempts, delay, transient.Message)));
        _retryScheduled = true;
        Timers.StartSingleTimer(nameof(Retry), Retry.Instance, delay);
    }

    private void Close(TurnOutcome outcome, string text, SystemMessageLevel level, bool interrupted = false)
    {
        _session.Tell(new AppendEvents(_sessionId, [new SystemMessage(text, DateTimeOffset.UtcNow, level, Interrupted: interrupted ? true : null)]));
        _session.Tell(new PublishTransient(new TurnEnded(_sessionId, outcome)));
        Idle();
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }
}
