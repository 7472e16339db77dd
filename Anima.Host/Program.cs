using System.CommandLine;
using Anima.Actors.Configuration;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Host.Cli;

namespace Anima.Host;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Anima: a personal AI agent that lives on your machine")
        {
            StartCommand.Create(),
            StopCommand.Create(),
            InstallCommand.Create(),
            PairCommand.Create(),
            StatusCommand.Create(),
            SessionsCommand.Create(),
            ExportCommand.Create(),
            AskCommand.Create(),
            LoginCommand.Create(),
            MindCommand.Create(),
            MemoryCommand.Create(),
            UsageCommand.Create(),
            McpCommand.Create(),
            PsycheCommand.Create(),
            VersionCommand.Create(),
            TuiCommand.Create(),
        };
        TuiCommand.AttachToRoot(root);
        root.Options.Add(CliOptions.ClientBundleOption);

        try
        {
            var parsed = root.Parse(args);
            CliOptions.ClientBundle = parsed.GetValue(CliOptions.ClientBundleOption);
            if (parsed.CommandResult.Command.Name != "start")
            {
                MachineTrustStore.LeaveEmptyInThisClient(); // every command but the brain is a client of our CA alone
            }

            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,

                // 'ask' handles Ctrl+C itself: it interrupts the turn and waits for the brain to close it, which may
                // take longer than the two seconds System.CommandLine allows before it ends the process. The brain
                // leaves SIGTERM and Ctrl+C to its host, which shuts down cleanly and exits 0: System.CommandLine's
                // handler raced it and sometimes exited 130, which systemd's Restart=on-failure takes for a crash.
                ProcessTerminationTimeout = parsed.CommandResult.Command.Name is AskCommand.Name or "start" ? null : TimeSpan.FromSeconds(2),
            });
        }
        catch (Exception ex) when (ex is AnimaConfigException or BrainStateException or BrainUnavailableException or InvalidOperationException or TimeoutException or FormatException)
        {
            Console.Error.WriteLine($"anima: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is Akka.Actor.AskTimeoutException)
        {
            Console.Error.WriteLine($"anima: the brain did not answer in time ({ex.Message}).");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
