using System.Globalization;

namespace Anima.Actors.Tools;

/// <summary>
/// A session's persistent <c>bash</c>. Commands run one at a time in the same shell, so the working
/// directory, exported variables, functions and aliases carry over from one call to the next. A command that
/// times out or is cancelled has its process groups killed while the shell lives on; a shell that dies (say
/// the command was <c>exit 3</c>) is replaced on the next call, in the last known working directory.
/// </summary>
/// <remarks>
/// Linux only: processes are found through <c>/proc</c>. Processes that leave the shell's session on purpose
/// (<c>setsid</c>, daemons) are beyond its reach; everything else it started dies with it.
/// </remarks>
public sealed class ShellSession : IAsyncDisposable
{
    /// <summary>What a stream keeps unless told otherwise (<c>anima.tools.bash-max-output</c>).</summary>
    public const int DefaultMaxOutputBytes = 100 * 1024;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CancellationGrace = TimeSpan.FromMilliseconds(800);

    private readonly string _initialDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _scratchDirectory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BashProcess? _bash;
    private string? _restartReason;
    private readonly ShellLedger? _ledger;
    private readonly int _maxOutputBytes;
    private bool _disposed;

    /// <param name="ledger">Where live shells are recorded, so a brain killed outright can end them at its next start.</param>
    /// <param name="maxOutputBytes">What each of stdout and stderr keeps of a command: its start and its end.</param>
    public ShellSession(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        ShellLedger? ledger = null,
        int maxOutputBytes = DefaultMaxOutputBytes)
    {
        _ledger = ledger;
        _maxOutputBytes = maxOutputBytes;
        _initialDirectory = Path.GetFullPath(workingDirectory);
        WorkingDirectory = _initialDirectory;
        _environment = environment ?? new Dictionary<string, string>();
        _scratchDirectory = Path.Combine(Path.GetTempPath(), $"anima-shell-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("ShellSession needs bash and /proc (Linux)");
        }

        // Only we read the command file the shell sources.
        Directory.CreateDirectory(_scratchDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The shell's working directory as of the end of the last command.</summary>
    public string WorkingDirectory { get; private set; }

    /// <summary>
    /// Runs <paramref name="command"/> (any bash text, several lines allowed) with stdin from <c>/dev/null</c>.
    /// Cancellation kills the command the same way a timeout does, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<ShellResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var limit = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var notices = new List<string>();
            var bash = await EnsureShellAsync(notices, ct).ConfigureAwait(false);
            var spared = bash.Children();
            var running = bash.RunCommandAsync(command, ct);
            _ = running.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeoutSource.CancelAfter(limit);
            var stopped = Task.Delay(Timeout.Infinite, timeoutSource.Token);
            var first = await Task.WhenAny(running, bash.Exited, stopped).ConfigureAwait(false);

            if (first == running && running.IsCompletedSuccessfully)
            {
                return Completed(bash, await running.ConfigureAwait(false), notices);
            }

            if (first != stopped || bash.HasExited)
            {
                return await DiedAsync(bash, notices).ConfigureAwait(false);
            }

            var cancelled = ct.IsCancellationRequested;
            var interrupted = await bash
                .InterruptAsync(spared, running, cancelled ? CancellationGrace : TimeoutGrace)
                .ConfigureAwait(false);
            if (cancelled)
            {
                if (!interrupted)
                {
                    await AbandonAsync(bash, "previous shell was killed after a cancelled command would not stop").ConfigureAwait(false);
                }

                throw new OperationCanceledException("the shell command was cancelled and its processes killed", ct);
            }

            var seconds = limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            if (interrupted && running.IsCompletedSuccessfully)
            {
                notices.Add($"timed out after {seconds} s: the command's processes were killed; the shell and its state are kept");
                var (stdout, stderr) = await running.ConfigureAwait(false);
                TrackWorkingDirectory(bash);
                return Result(stdout.Text, stderr.Text, ShellResult.TimedOutExitCode, true, stdout.Truncated || stderr.Truncated, notices);
            }

            notices.Add($"timed out after {seconds} s and could not be interrupted: the shell was killed; a fresh one starts on the next command");
            var partial = await AbandonAsync(bash, "previous shell was killed after a command timed out").ConfigureAwait(false);
            return Result(partial.Stdout, partial.Stderr, ShellResult.TimedOutExitCode, true, partial.Truncated, notices);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the shell and every process it started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var bash = _bash;
        _bash = null;
        if (bash is not null)
        {
            await bash.KillAllAsync().ConfigureAwait(false);
            _ledger?.Forget(bash.Pid);
        }

        try
        {
            Directory.Delete(_scratchDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover scratch file in the temp directory is not worth failing a dispose for.
        }
    }

    private async Task<BashProcess> EnsureShellAsync(List<string> notices, CancellationToken ct)
    {
        if (_bash is { HasExited: true } dead)
        {
            _restartReason ??= $"previous shell exited (code {dead.ExitCode})";
            await dead.KillAllAsync().ConfigureAwait(false);
            _ledger?.Forget(dead.Pid);
            _bash = null;
        }

        if (_bash is not null)
        {
            return _bash;
        }

        var directory = new[] { WorkingDirectory, _initialDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "/" }
            .First(Directory.Exists);
        _bash = await BashProcess
            .StartAsync(directory, _environment, _maxOutputBytes, Path.Combine(_scratchDirectory, "command.sh"), ct)
            .ConfigureAwait(false);
        _ledger?.Record(_bash.Pid);
        if (_restartReason is not null)
        {
            notices.Add($"shell restarted: {_restartReason}");
            _restartReason = null;
        }

        if (directory != WorkingDirectory)
        {
            notices.Add($"{WorkingDirectory} no longer exists; the shell started in {directory}");
            WorkingDirectory = directory;
        }

        return _bash;
    }

    private ShellResult Completed(BashProcess bash, (MarkedOutput Stdout, MarkedOutput Stderr) output, List<string> notices)
    {
        TrackWorkingDirectory(bash);
        var (stdout, stderr) = output;
        var exitCode = int.TryParse(stdout.Suffix, out var code) ? code : -1;
        return Result(stdout.Text, stderr.Text, exitCode, false, stdout.Truncated || stderr.Truncated, notices);
    }

    private async Task<ShellResult> DiedAsync(BashProcess bash, List<string> notices)
    {
        var exitCode = bash.HasExited ? bash.ExitCode : -1;
        var output = await AbandonAsync(bash, $"previous shell exited (code {exitCode})").ConfigureAwait(false);
        notices.Add($"the shell exited with code {exitCode}; a fresh shell starts in {WorkingDirectory} on the next command");
        return Result(output.Stdout, output.Stderr, exitCode, false, output.Truncated, notices);
    }

    private async Task<(string Stdout, string Stderr, bool Truncated)> AbandonAsync(BashProcess bash, string restartReason)
    {
        _restartReason = restartReason;
        _bash = null;
        await bash.KillAllAsync().ConfigureAwait(false);
        var (stdout, stdoutTruncated, stderr, stderrTruncated) = bash.TakeRemainders();
        return (stdout, stderr, stdoutTruncated || stderrTruncated);
    }

    private void TrackWorkingDirectory(BashProcess bash)
    {
        if (bash.WorkingDirectory() is { } directory)
        {
            WorkingDirectory = directory;
        }
    }

    private static ShellResult Result(string stdout, string stderr, int exitCode, bool timedOut, bool truncated, List<string> notices) =>
        new(stdout, stderr, exitCode, timedOut, truncated, notices.Count == 0 ? null : string.Join("; ", notices));
}
