using System.CommandLine;
using Anima.Actors.Configuration;
using Anima.Host.Brain;
using Microsoft.Extensions.Hosting;

namespace Anima.Host.Cli;

/// <summary><c>anima start</c>: the brain in the foreground, as the user service runs it.</summary>
public static class StartCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "TCP port to listen on (default: 42134 production, 42135 development)" };
        var environment = new Option<string?>("--env") { Description = "production or development (each has its own port and database)" };
        var command = new Command("start", "Run the brain in the foreground (what the systemd unit runs)") { port, environment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var settings = AnimaConfig.ForBrain(home, parse.GetValue(environment), parse.GetValue(port));
            if (settings.Port is <= 0 or > 65535)
            {
                throw new AnimaConfigException($"--port {settings.Port} is not a TCP port (1-65535).");
            }

            BrainHost.EnsurePortFree(settings.Hostname, settings.Port);
            using var host = BrainHost.Build(settings);
            await host.StartAsync(cancellationToken);
            await BrainHost.WhenUpAsync(host).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            Console.Error.WriteLine(
                $"Anima brain {Actors.Gateway.BrainInfo.CurrentVersion} ({settings.Environment}) listening on {settings.Hostname}:{settings.Port}; state in {home.Root}");
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
