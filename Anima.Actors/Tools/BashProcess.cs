using System.Diagnostics;
using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// One live <c>bash</c>: the session leader of its own session (started through <c>setsid</c>) with job control
/// on, so each foreground pipeline runs in a process group of its own. Commands are sourced from a file in the
/// shell itself, which is what lets <c>cd</c>, <c>export</c>, functions and aliases persist.
/// </summary>
internal sealed class BashProcess
{
    // Interrupting a command: the command's process groups get SIGKILL, the shell gets SIGUSR1. The USR1 trap
    // arms a DEBUG trap that, under extdebug, makes every next simple command simulate `return` while inside a
    // function or the sourced command file (BASH_SOURCE is empty only at the top level), which unwinds the rest of the command (`sleep 100; echo x` never
    // echoes, `while :; do :; done` ends) and leaves the shell and its state in place.
    private const string Prelude = """
        set -m
        shopt -s expand_aliases
        __anima_on_debug='(( ${#BASH_SOURCE[@]} == 0 )) || \builtin return 2'
        __anima_on_usr1='__anima_abort=1; \builtin set -T; \builtin shopt -s extdebug; \builtin trap "$__anima_on_debug" DEBUG'
        trap "$__anima_on_usr1" USR1

        """;

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly MarkedStream _stdout;
    private readonly MarkedStream _stderr;
    private readonly string _commandFile;

    private BashProcess(Process process, int outputCap, string commandFile)
    {
        _process = process;
        _commandFile = commandFile;
        _stdout = new MarkedStream(process.StandardOutput.BaseStream, outputCap);
        _stderr = new MarkedStream(process.StandardError.BaseStream, outputCap);
        Exited = process.WaitForExitAsync();
    }

    /// <summary>The shell's pid, as the shell itself reports it (<c>$$</c>); also its session and process group id.</summary>
    public int Pid { get; private set; }

    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public int ExitCode => _process.ExitCode;

    public static async Task<BashProcess> StartAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        int outputCap,
        string commandFile,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { "bash", "--noprofile", "--norc" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        process.StandardInput.AutoFlush = true;
        var bash = new BashProcess(process, outputCap, commandFile);
        try
        {
            var id = Guid.NewGuid().ToString("N");
            var (stdout, _) = await bash.SendAsync(Prelude + Epilogue(id, "$$"), id)
                .WaitAsync(StartupTimeout, ct).ConfigureAwait(false);
            bash.Pid = int.Parse(stdout.Suffix);
            return bash;
        }
        catch
        {
            await bash.KillAllAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Arms both markers and hands the command to the shell; ends when both markers arrive.</summary>
    public async Task<(MarkedOutput Stdout, MarkedOutput Stderr)> RunCommandAsync(string command, CancellationToken ct)
    {
        await File.WriteAllTextAsync(_commandFile, command + "\n", new UTF8Encoding(false), ct).ConfigureAwait(false);
        var id = Guid.NewGuid().ToString("N");
        var quotedFile = "'" + _commandFile.Replace("'", @"'\''") + "'";
        var script = $"""
            \builtin trap - DEBUG; \builtin set +T +e; \builtin shopt -u extdebug; \builtin set -m; \builtin trap "$__anima_on_usr1" USR1
            \builtin . {quotedFile} </dev/null
            __anima_rc=$?; \builtin trap - DEBUG; \builtin set +T; \builtin shopt -u extdebug

            """ + Epilogue(id, "\"$__anima_rc\"");
        return await SendAsync(script, id).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills what the running command started (every process below the shell except the subtrees of
    /// <paramref name="spared"/> children that existed before it) and unwinds the shell, repeating until the
    /// markers arrive or <paramref name="grace"/> is spent. False means the shell could not be brought back.
    /// </summary>
    public async Task<bool> InterruptAsync(IReadOnlySet<int> spared, Task finished, TimeSpan grace)
    {
        var deadline = Stopwatch.StartNew();
        while (!HasExited)
        {
            // The trap must be pending before the foreground job dies, or the shell may run the rest of the
            // command (`; echo x`) in between.
            UnixProcesses.Signal(Pid, UnixProcesses.SigUsr1);
            foreach (var process in UnixProcesses.Descendants(UnixProcesses.Snapshot(), Pid, spared))
            {
                if (process.ProcessGroup != Pid)
                {
                    UnixProcesses.KillGroup(process.ProcessGroup);
                }

                UnixProcesses.Signal(process.Pid, UnixProcesses.SigKill);
            }

            if (await Task.WhenAny(finished, Exited, Task.Delay(TimeSpan.FromMilliseconds(100))).ConfigureAwait(false) == finished)
            {
                return true;
            }

            if (deadline.Elapsed > grace)
            {
                return false;
            }
        }

        return false;
    }

    public HashSet<int> Children() => UnixProcesses.ChildrenOf(Pid);

    public string? WorkingDirectory() => UnixProcesses.WorkingDirectoryOf(Pid);

    /// <summary>
    /// Kills the shell and everything it started: its descendants and every process left in its session
    /// (background jobs of a shell that already exited). Returns once the output pipes are closed or a few
    /// seconds have passed.
    /// </summary>
    public async Task KillAllAsync()
    {
        var session = Pid > 0 ? Pid : _process.Id;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(3))
        {
            var table = UnixProcesses.Snapshot();
            var doomed = UnixProcesses.Descendants(table, session, new HashSet<int>())
                .Concat(table.Where(e => e.Session == session || e.Pid == session))
                .ToList();
            if (doomed.Count == 0)
            {
                break;
            }

            foreach (var process in doomed)
            {
                UnixProcesses.KillGroup(process.ProcessGroup);
                UnixProcesses.Signal(process.Pid, UnixProcesses.SigKill);
            }

            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromMilliseconds(20))).ConfigureAwait(false);
        }

        await Task.WhenAny(Task.WhenAll(Exited, _stdout.Completion, _stderr.Completion), Task.Delay(TimeSpan.FromSeconds(2)))
            .ConfigureAwait(false);
        _process.Dispose();
    }

    public (string Stdout, bool StdoutTruncated, string Stderr, bool StderrTruncated) TakeRemainders()
    {
        var (stdout, stdoutTruncated) = _stdout.TakeRemainder();
        var (stderr, stderrTruncated) = _stderr.TakeRemainder();
        return (stdout, stdoutTruncated, stderr, stderrTruncated);
    }

    private static string Epilogue(string id, string stdoutSuffix) =>
        $"""
        \builtin printf '\n__ANIMA_{id}_E\n' >&2; \builtin printf '\n__ANIMA_{id}_%s\n' {stdoutSuffix}

        """;

    private async Task<(MarkedOutput Stdout, MarkedOutput Stderr)> SendAsync(string script, string id)
    {
        var marker = MarkedStream.MarkerFor(id);
        var stdout = _stdout.Expect(marker);
        var stderr = _stderr.Expect(marker);
        await _process.StandardInput.WriteAsync(script).ConfigureAwait(false);
        return (await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
