using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;

namespace Anima.Bench;

/// <summary>A real brain (<c>dotnet anima.dll start</c>) on a free loopback port with its own ANIMA_HOME.</summary>
public sealed class BrainProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _lastLines = new();

    private BrainProcess(Process process, AnimaHome home, int port)
    {
        _process = process;
        Home = home;
        Port = port;
    }

    public AnimaHome Home { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public long StartedAt { get; private init; }

    /// <summary>When "listening on" appeared (Stopwatch timestamp).</summary>
    public long ListeningAt { get; private set; }

    public BrainAddress Address => new("127.0.0.1", Port);

    /// <param name="plainTcp">The bench's baseline for TLS (<see cref="PlainTcpBaseline"/>): plain Akka.Remote over TCP.</param>
    public static BrainProcess Start(AnimaHome home, string fakeBaseUrl, string apiKey, int? port = null, bool plainTcp = false)
    {
        port ??= FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EntryAssembly);
        info.ArgumentList.Add("start");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.Value.ToString(CultureInfo.InvariantCulture));
        info.Environment["ANIMA_HOME"] = home.Root;
        info.Environment["ANTHROPIC_BASE_URL"] = fakeBaseUrl;
        info.Environment["ANTHROPIC_API_KEY"] = apiKey;
        info.Environment.Remove("ANIMA_PORT");
        info.Environment.Remove("ANTHROPIC_AUTH_TOKEN");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // As every user's brain runs (Anima.Host/Brain/BrainRuntime.cs: the systemd unit, the TUI's background start).
        info.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        if (plainTcp)
        {
            info.Environment[PlainTcpBaseline.Variable] = "1";
        }
        else
        {
            info.Environment.Remove(PlainTcpBaseline.Variable);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var startedAt = Stopwatch.GetTimestamp();
        var brain = new BrainProcess(process, home, port.Value) { StartedAt = startedAt };
        process.OutputDataReceived += (_, e) => brain.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => brain.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return brain;
    }

    /// <summary>The host's own Release build output (built with this project, see the csproj).</summary>
    public static string EntryAssembly { get; } = FindEntryAssembly();

    public async Task WaitListeningAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        if (first != _listening.Task)
        {
            throw new TimeoutException($"The brain did not start ({(first == exited ? "it exited" : "timeout")}):\n{string.Join('\n', LastLines())}");
        }
    }

    /// <summary>
    /// Connects as soon as the port accepts: the time from process start to a <c>Welcome</c> is how long
    /// a user waits before a client can talk to a freshly started brain.
    /// </summary>
    public async Task<BrainClient> ConnectWhenReadyAsync(string name, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var credentials = ClientCredentials.FromHome(Home);
            if (credentials is not null && await PortOpenAsync())
            {
                try
                {
                    return await BrainClient.ConnectAsync(Address, credentials, name);
                }
                catch (BrainUnavailableException) when (Stopwatch.GetTimestamp() < deadline)
                {
                }
            }

            if (_process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"No Welcome from the brain:\n{string.Join('\n', LastLines())}");
            }

            await Task.Delay(5);
        }
    }

    public Task<BrainClient> ConnectAsync(string name) => BrainClient.ConnectAsync(Address, ClientCredentials.FromHome(Home)!, name);

    /// <summary>Resident set size from /proc/&lt;pid&gt;/status (VmRSS), in bytes.</summary>
    public long Rss()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>CPU time the brain has used so far (user + system, every thread).</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines)
        {
            return [.. _lastLines];
        }
    }

    /// <summary>SIGTERM and wait, so the journal is closed cleanly before the next brain opens it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<bool> PortOpenAsync()
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (!_listening.Task.IsCompleted && line.Contains("listening on", StringComparison.Ordinal))
        {
            ListeningAt = Stopwatch.GetTimestamp();
            _listening.TrySetResult();
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static string FindEntryAssembly()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ANIMA_BENCH_BRAIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = dir.Name;
        var configuration = dir.Parent!.Name;
        var root = dir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Anima.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Anima.sln not found above the bench"),
            "Anima.Host", "bin", configuration, framework, "anima.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build Anima.Host first (dotnet build -c Release)", path);
    }
}
