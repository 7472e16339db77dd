using Akka.Actor;

namespace Anima.Actors.Tools;

/// <summary>
/// A session's persistent bash (<c>session-*/shell</c>): one command at a time, in order; a cancel kills
/// the running command's process group; stopping the actor kills the shell and everything it started.
/// </summary>
public sealed class ShellActor : ReceiveActor, IWithStash
{
    private readonly ShellSession _shell;
    private CancellationTokenSource? _running;

    public ShellActor(string workingDirectory, ShellLedger? ledger, int maxOutputBytes)
    {
        // A directory that is gone is the shell's to report: it starts elsewhere and says so in the first result.
        _shell = new ShellSession(workingDirectory, ledger: ledger, maxOutputBytes: maxOutputBytes);
        Become(Idle);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(string workingDirectory, ShellLedger? ledger = null, int maxOutputBytes = ShellSession.DefaultMaxOutputBytes) =>
        Akka.Actor.Props.Create(() => new ShellActor(workingDirectory, ledger, maxOutputBytes));

    /// <summary>Runs <paramref name="Command"/>; the reply is a <see cref="ShellFinished"/>.</summary>
    public sealed record Run(string CallId, string Command, TimeSpan Timeout);

    /// <summary>Kills the command of <paramref name="CallId"/> if it is running (or drops it if queued).</summary>
    public sealed record Cancel(string CallId);

    /// <summary><paramref name="Result"/> is null when the command was cancelled.</summary>
    public sealed record ShellFinished(string CallId, ShellResult? Result, string? Failure);

    protected override void PostStop()
    {
        _running?.Cancel();
        _ = _shell.DisposeAsync().AsTask();
    }

    private void Idle()
    {
        Receive<Run>(run =>
        {
            _running = new CancellationTokenSource();
            var replyTo = Sender;
            _shell.RunAsync(run.Command, run.Timeout, _running.Token).PipeTo(
                Self,
                success: result => new Done(replyTo, new ShellFinished(run.CallId, result, null)),
                failure: ex => new Done(replyTo, new ShellFinished(run.CallId, null, ex is OperationCanceledException ? null : ex.Message)));
            Become(() => Busy(run.CallId));
        });
        Receive<Cancel>(_ => { });
    }

    private void Busy(string callId)
    {
        Receive<Done>(done =>
        {
            _running?.Dispose();
            _running = null;
            done.ReplyTo.Tell(done.Finished);
            Become(Idle);
            Stash.UnstashAll();
        });
        Receive<Cancel>(cancel =>
        {
            if (cancel.CallId == callId)
            {
                _running?.Cancel();
            }
        });
        Receive<Run>(_ => Stash.Stash());
    }

    private sealed record Done(IActorRef ReplyTo, ShellFinished Finished);
}
