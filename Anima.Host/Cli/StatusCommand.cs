using System.CommandLine;
using Anima.Client.Configuration;

namespace Anima.Host.Cli;

/// <summary><c>anima status</c>: does a brain answer, and what does it say about itself.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var host = CliOptions.Host();
        var command = new Command("status", "Say whether a brain answers, with its version, uptime and session count") { host };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            await using var client = await CliOptions.ConnectAsync(home, parse.GetValue(host), "anima status", cancellationToken);
            var status = await client.StatusAsync();
            var uptime = DateTimeOffset.UtcNow - status.StartedAt;
            Console.WriteLine($"brain:    running at {client.Address} ({status.Environment})");
            Console.WriteLine($"version:  {status.Version}");
            Console.WriteLine($"uptime:   {Format.Duration(uptime)}");
            Console.WriteLine($"sessions: {status.SessionCount}");
            Console.WriteLine($"clients:  {status.ClientCount}");
            return 0;
        });
        return command;
    }
}
