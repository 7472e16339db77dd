using Anima.Client;
using Anima.Client.Trust;

namespace Anima.Tests.Support;

/// <summary>A real brain process on a free loopback port, with its own ANIMA_HOME.</summary>
public sealed class RunningBrain : IAsyncDisposable
{
    private RunningBrain(TempHome home, int port, AnimaProcess process, IDictionary<string, string>? environment, IReadOnlyList<string> wrapper)
    {
        Home = home;
        Port = port;
        Process = process;
        Environment = environment;
        Wrapper = wrapper;
    }

    public TempHome Home { get; }

    public int Port { get; }

    public AnimaProcess Process { get; private set; }

    public IDictionary<string, string>? Environment { get; }

    /// <summary>What the brain runs under (empty: nothing), e.g. <see cref="SmallDisk.Wrapper"/>.</summary>
    public IReadOnlyList<string> Wrapper { get; }

    public BrainAddress Address => new("127.0.0.1", Port);

    public string HostArgument => $"127.0.0.1:{Port}";

    public static async Task<RunningBrain> StartAsync(TempHome? home = null, IDictionary<string, string>? environment = null, IReadOnlyList<string>? wrapper = null)
    {
        home ??= new TempHome();
        TrustUnlessTold(home);
        var port = FreePort.Next();
        var process = AnimaProcess.Start(home.Root, environment, wrapper ?? [], "start", "--port", port.ToString());
        var brain = new RunningBrain(home, port, process, environment, wrapper ?? []);
        await process.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(60));
        return brain;
    }

    /// <summary>Starts the brain again on the same port and home, after a kill or a stop.</summary>
    public async Task RestartAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        TrustUnlessTold(Home);
        Process = AnimaProcess.Start(Home.Root, Environment, Wrapper, "start", "--port", Port.ToString());
        await Process.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Specs of turns run their tools without asking; the permission specs say their mode (anima.tools.permissions) in
    /// the home's anima.conf, written before the brain starts.
    /// </summary>
    private static void TrustUnlessTold(TempHome home)
    {
        home.Home.EnsureCreated();
        var file = home.Home.ConfigFile;
        if (!Directory.Exists(file) && (!File.Exists(file) || !File.ReadAllText(file).Contains("permissions", StringComparison.Ordinal)))
        {
            // Private as the brain makes its own files (0600): a spec checks the state tree is.
            using var stream = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            stream.Write("\nanima.tools.permissions.mode = trust\n"u8);
        }
    }

    public Task<BrainClient> ConnectAsync(string clientName = "test", BackoffPolicy? policy = null) =>
        BrainClient.ConnectAsync(Address, ClientCredentials.FromHome(Home.Home)!, clientName, policy);

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Home.Dispose();
    }
}
