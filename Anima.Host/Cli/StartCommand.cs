using System.CommandLine;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Anima.Actors.Configuration;
using Anima.Actors.Sessions;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Host.Brain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Anima.Host.Cli;

/// <summary><c>anima start</c>: the brain in the foreground, as the user service runs it.</summary>
public static class StartCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = $"TCP port to listen on (default: {DefaultPortText()})" };
        var environment = new Option<string?>("--env") { Description = "production or development (each has its own port and database)" };
        var bind = new Option<string?>("--bind")
        {
            Description = "The address to listen on and be reached at (default 127.0.0.1): another machine's clients dial it, "
                + "with a bundle from 'anima pair'; the brain's certificate is made to carry it",
            HelpName = "ADDRESS",
        };
        var command = new Command("start", "Run the brain in the foreground (what the systemd unit runs)") { port, environment, bind };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var overrides = parse.GetValue(bind) is { } address ? BindTo(address) : null;
            var settings = AnimaConfig.ForBrain(home, parse.GetValue(environment), parse.GetValue(port), overrides);
            foreach (var warning in AnimaConfig.UserWarnings(home))
            {
                Console.Error.WriteLine($"anima: warning: {warning}");
            }

            if (settings.Port is <= 0 or > 65535)
            {
                throw new AnimaConfigException($"--port {settings.Port} is not a TCP port (1-65535).");
            }

            using var brainLock = WritingState(settings, () => BrainLock.Acquire(settings));
            try
            {
                BrainHost.EnsurePortFree(settings.Hostname, settings.Port);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new AnimaConfigException(
                    $"anima.brain.hostname = \"{settings.Hostname}\" does not name this machine ({ex.Message}). Use an address such as 127.0.0.1.", ex);
            }

            using var host = WritingState(settings, () => BrainHost.Build(settings));
            await host.StartAsync(cancellationToken);
            await BrainHost.WhenUpAsync(host).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            Console.Error.WriteLine(
                $"Anima brain {Actors.Gateway.BrainInfo.CurrentVersion} ({settings.Environment}) listening on {settings.Hostname}:{settings.Port} ({(Client.Trust.PlainTcpBaseline.On ? $"PLAIN TCP for the bench's baseline ({Client.Trust.PlainTcpBaseline.Variable}=1): any process here can reach the gateway" : "TLS, clients need a certificate from this brain's CA")}); state in {home.Root}");
            await host.WaitForShutdownAsync(cancellationToken);
            if (CoordinatedShutdown.Get(host.Services.GetRequiredService<ActorSystem>()).ShutdownReason is DatabaseWatch.DatabaseLost lost)
            {
                Console.Error.WriteLine($"anima: {lost.Fault.Sentence}");
                return 1;
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Akka.Remote answers only at the address it advertises, and a client's certificate check wants the same one in
    /// the brain's certificate: so the brain binds one concrete address, not a wildcard.
    /// </summary>
    private static Config BindTo(string address)
    {
        var trimmed = address.Trim();
        if (trimmed.Length == 0 || (IPAddress.TryParse(trimmed, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))))
        {
            throw new AnimaConfigException(
                $"--bind '{address}' is not an address clients can dial: give the brain's own address on the network (for example 192.168.1.20).");
        }

        return ConfigurationFactory.ParseString($"anima.brain.hostname = \"{trimmed.Replace("\"", string.Empty)}\"");
    }

    private static string DefaultPortText()
    {
        try
        {
            return ClientConfig.DefaultPort(AnimaHome.FromEnvironment()).ToString();
        }
        catch (AnimaConfigException)
        {
            return "42134 production, 42135 development";
        }
    }

    /// <summary>
    /// The first writes to the state tree (its folders, the lock, the database): a folder the brain cannot write is one
    /// clear line, like a bad database, not an unhandled exception.
    /// </summary>
    private static T WritingState<T>(BrainSettings settings, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BrainStateException(
                $"The brain cannot write its state in {settings.Home.Root} ({ex.Message}). "
                + "Make it writable for the user the brain runs as, or point ANIMA_HOME at a writable folder.", ex);
        }
    }
}
