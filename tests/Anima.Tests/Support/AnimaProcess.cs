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

    public static string EntryAssembly => Path.Combine(AppContext.BaseDirectory, "anima.dll");

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

    public static AnimaProcess Start(string home, IDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
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
        var wrapper = new AnimaProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(wrapper._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(wrapper._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Runs a command to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string home, IDictionary<string, string>? environment, params string[] args)
    {
        await using var process = Start(home, environment, args);
        process._process.StandardInput.Close();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, process.Stdout, process.Stderr);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected streams
    }

    /// <summary>Completes when <paramref name="text"/> has appeared on stdout or stderr.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((text, seen));
        CheckWaiters();
        return seen.Task.WaitAsync(timeout).ContinueWith(
            t => t.IsFaulted
                ? throw new TimeoutException($"'{text}' did not appear.\nstdout:\n{Stdout}\nstderr:\n{Stderr}", t.Exception)
                : Task.CompletedTask).Unwrap();
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

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
