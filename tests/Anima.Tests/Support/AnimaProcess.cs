using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Anima.Tests.Support;

/// <summary>The real <c>anima</c> CLI (the built anima.dll) run as a child process.</summary>
public sealed class AnimaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly ConcurrentQueue<(string Text, TaskCompletionSource Seen)> _waiters = new();

    private AnimaProcess(Process process)
    {
        _process = process;
    }

    /// <summary>
    /// The host's own build output (same configuration as the tests), not the copy in the test folder:
    /// the test project's framework references would not be there for it at run time.
    /// </summary>
    public static string EntryAssembly { get; } = FindEntryAssembly();

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static AnimaProcess Start(string home, IDictionary<string, string>? environment, params string[] args) =>
        Start(home, environment, [], args);

    /// <param name="wrapper">A command the CLI runs under (its words, then <c>dotnet anima.dll …</c>), such as <see cref="SmallDisk"/>'s.</param>
    public static AnimaProcess Start(string home, IDictionary<string, string>? environment, IReadOnlyList<string> wrapper, params string[] args) =>
        StartIn(null, home, environment, wrapper, args);

    /// <summary>Starts the CLI in <paramref name="workingDirectory"/> (null: this process's).</summary>
    public static AnimaProcess StartIn(string? workingDirectory, string home, IDictionary<string, string>? environment, params string[] args) =>
        StartIn(workingDirectory, home, environment, [], args);

    private static AnimaProcess StartIn(string? workingDirectory, string home, IDictionary<string, string>? environment, IReadOnlyList<string> wrapper, string[] args)
    {
        var info = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var word in wrapper.Skip(1).Concat(wrapper.Count > 0 ? ["dotnet"] : []))
        {
            info.ArgumentList.Add(word);
        }

        info.ArgumentList.Add(EntryAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ANIMA_HOME"] = home;
        info.Environment.Remove("ANIMA_PORT");
        info.Environment.Remove("ANTHROPIC_API_KEY");
        info.Environment.Remove("ANTHROPIC_AUTH_TOKEN");
        info.Environment.Remove("ANTHROPIC_BASE_URL");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new AnimaProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(started._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(started._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Runs a command to completion.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string home, IDictionary<string, string>? environment, params string[] args) =>
        RunAsync(new RunOptions(home, environment), args);

    /// <summary>Runs a command to completion, with <see cref="RunOptions.Stdin"/> as its input, in <see cref="RunOptions.WorkingDirectory"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(RunOptions options, params string[] args)
    {
        await using var process = StartIn(options.WorkingDirectory, options.Home, options.Environment, args);
        if (options.Stdin is { } input)
        {
            await process._process.StandardInput.WriteAsync(input);
        }

        process._process.StandardInput.Close();
        await process.WaitForExitAsync(options.Within ?? TimeSpan.FromSeconds(60));
        return (process.ExitCode, process.Stdout, process.Stderr);
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal sends it.</summary>
    public void Interrupt() => Process.Start("kill", ["-INT", _process.Id.ToString()])!.WaitForExit();

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected streams
    }

    /// <summary>Completes when <paramref name="text"/> has appeared on stdout or stderr; fails if the process exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((text, seen));
        CheckWaiters();
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (first != seen.Task)
        {
            CheckWaiters();
            if (!seen.Task.IsCompleted)
            {
                var why = first == exited ? $"the process exited with {_process.ExitCode}" : $"not within {timeout}";
                throw new TimeoutException($"'{text}' did not appear ({why}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    /// <summary>SIGKILL to this process alone, as the kernel's OOM killer or <c>kill -9</c> would: its children live on.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as systemd stops a service.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>How <see cref="RunAsync(RunOptions, string[])"/> runs a command.</summary>
    public sealed record RunOptions(
        string Home,
        IDictionary<string, string>? Environment = null,
        string? Stdin = null,
        string? WorkingDirectory = null,
        TimeSpan? Within = null);

    private static string FindEntryAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Anima.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Anima.sln not found above the tests"),
            "Anima.Host", "bin", configuration, framework, "anima.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build Anima.Host first", path);
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        CheckWaiters();
    }

    private void CheckWaiters()
    {
        var all = Stdout + Stderr;
        foreach (var (text, seen) in _waiters)
        {
            if (!seen.Task.IsCompleted && all.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
    }
}
