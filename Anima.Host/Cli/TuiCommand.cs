using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Host.Brain;
using Anima.Tui;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima tui</c>: the terminal UI on the current session. Plain <c>anima</c> does the same after making
/// sure a brain answers (starting one in the background when none does); <c>anima tui</c> never starts one.
/// </summary>
public static class TuiCommand
{
    private static readonly TimeSpan BrainStartLimit = TimeSpan.FromSeconds(15);

    public static Command Create()
    {
        var host = CliOptions.Host();
        var session = SessionOption();
        var cwd = CliOptions.WorkingDirectory();
        var command = new Command("tui", "Open the terminal UI (never starts a brain; plain 'anima' does)") { host, session, cwd };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var address = CliOptions.ResolveAddress(home, parse.GetValue(host));
            var options = Options(address, home, parse.GetValue(session), CliOptions.SessionDirectory(parse.GetValue(cwd)));
            return await TuiApp.RunAsync(options with { SessionId = await ResolveSessionAsync(home, address, options.SessionId, cancellationToken) });
        });
        return command;
    }

    /// <summary>The root command's action: ensure a brain on this machine, then the TUI.</summary>
    public static void AttachToRoot(RootCommand root)
    {
        var host = CliOptions.Host();
        var session = SessionOption();
        var cwd = CliOptions.WorkingDirectory();
        root.Options.Add(host);
        root.Options.Add(session);
        root.Options.Add(cwd);
        root.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var address = CliOptions.ResolveAddress(home, parse.GetValue(host));
            if (!await AnswersAsync(address, cancellationToken))
            {
                if (!IsLocal(address))
                {
                    Console.Error.WriteLine($"anima: no brain answers at {address}; opening the TUI anyway (it keeps trying).");
                }
                else
                {
                    await StartBrainAsync(home, address, cancellationToken);
                }
            }

            var options = Options(address, home, parse.GetValue(session), CliOptions.SessionDirectory(parse.GetValue(cwd)));
            return await TuiApp.RunAsync(options with { SessionId = await ResolveSessionAsync(home, address, options.SessionId, cancellationToken) });
        });
    }

    /// <summary>A bundle that cannot be read fails here, with its reason, before the screen is taken over.</summary>
    private static TuiOptions Options(BrainAddress address, AnimaHome home, string? session, string workingDirectory)
    {
        if (CliOptions.ClientBundle is { } bundle)
        {
            ClientCredentials.FromBundle(bundle);
        }

        return new TuiOptions(address, home, session, CliOptions.ClientBundle, workingDirectory);
    }

    private static Option<string?> SessionOption() => new("--session")
    {
        Description = "Open this session (its id or the start of it) instead of the most recent one",
        HelpName = "ID",
    };

    /// <summary>
    /// The full id of the session asked for, or a clear error before the TUI takes the screen. With no brain to ask,
    /// the TUI looks it up once it connects.
    /// </summary>
    private static async Task<string?> ResolveSessionAsync(AnimaHome home, BrainAddress address, string? wanted, CancellationToken cancellationToken)
    {
        if (wanted is null)
        {
            return null;
        }

        BrainClient client;
        try
        {
            client = await CliOptions.ConnectAsync(home, address, "anima tui", cancellationToken);
        }
        catch (BrainUnavailableException)
        {
            return wanted;
        }

        await using (client)
        {
            return (await client.FindSessionAsync(wanted)).SessionId;
        }
    }

    /// <summary>Starts <c>anima start</c> detached (its own session, so closing the terminal leaves it running).</summary>
    private static async Task StartBrainAsync(AnimaHome home, BrainAddress address, CancellationToken cancellationToken)
    {
        home.EnsureCreated();
        var log = Path.Combine(home.Log, "brain-background.log");
        var entry = typeof(TuiCommand).Assembly.Location;
        Console.Error.WriteLine($"anima: starting a brain on port {address.Port} in the background (log: {log})…");

        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var (name, value) in BrainRuntime.Environment)
        {
            info.Environment[name] = value;
        }

        foreach (var arg in new[] { "--fork", "sh", "-c", "exec \"$0\" \"$1\" start --port \"$2\" >>\"$3\" 2>&1 </dev/null", DotnetHost(), entry, address.Port.ToString(), log })
        {
            info.ArgumentList.Add(arg);
        }

        using (var started = Process.Start(info) ?? throw new InvalidOperationException("Could not run setsid to start the brain."))
        {
            await started.WaitForExitAsync(cancellationToken);
        }

        var deadline = DateTime.UtcNow + BrainStartLimit;
        while (DateTime.UtcNow < deadline)
        {
            if (await AnswersAsync(address, cancellationToken))
            {
                return;
            }

            await Task.Delay(150, cancellationToken);
        }

        Console.Error.WriteLine($"anima: the brain did not answer within {BrainStartLimit.TotalSeconds:0} s; see {log}. Opening the TUI anyway.");
    }

    /// <summary>The dotnet executable running us, so the brain runs on the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static bool IsLocal(BrainAddress address) => address.Host is "127.0.0.1" or "::1";

    private static async Task<bool> AnswersAsync(BrainAddress address, CancellationToken cancellationToken)
    {
        using var probe = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await probe.ConnectAsync(address.Host, address.Port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
