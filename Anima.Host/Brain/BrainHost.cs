using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Actors.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Anima.Host.Brain;

/// <summary>The brain's process: its actor system (<see cref="BrainComposition"/>), logging, and the systemd integration.</summary>
public static class BrainHost
{
    public static IHost Build(BrainSettings settings)
    {
        var parts = BrainParts.Prepare(settings);
        if (!PlainTcpBaseline.On)
        {
            TrustWarmUp.Start(parts.Certificate, parts.Authority);
        }

        if (parts.OrphanedShells > 0)
        {
            Console.Error.WriteLine($"Ended {parts.OrphanedShells} process(es) left running by a brain that was killed.");
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = settings.Home.Root,
        });
        builder.Services.AddSystemd();
        builder.Services.AddSerilog(new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            // A peer refused at the TLS handshake is reported in one line by our validator and one by Akka ("Rejected
            // incoming connection"); Akka's third, an error with a stack trace, would turn a port scan into a flood.
            .Filter.ByExcluding(e => e.Level == Serilog.Events.LogEventLevel.Error && e.MessageTemplate.Text.StartsWith("TLS handshake failed", StringComparison.Ordinal))
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            .WriteTo.File(
                Path.Combine(settings.Home.Log, $"brain-{settings.Environment.Name}-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}",
                hooks: new PrivateLogFiles())
            .CreateLogger(), dispose: true);

        builder.Services.AddAkka(BrainAddress.SystemName, akka => akka
            .AddAnimaBrain(settings, parts)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            }));

        return builder.Build();
    }

    /// <summary>Completes when the one-node cluster is up, so the bus is ready for clients.</summary>
    public static Task WhenUpAsync(IHost host)
    {
        var system = host.Services.GetRequiredService<ActorSystem>();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }

    /// <summary>Fails with a clear message when something already listens where the brain would.</summary>
    public static void EnsurePortFree(string host, int port)
    {
        var address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host)[0];
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new AnimaConfigException($"{host} is not an address of this machine: the brain can only listen on one of its own.");
        }
        catch (SocketException)
        {
            // This home's brain would have been found by its lock (BrainLock): whatever listens here is something else.
            throw new AnimaConfigException(
                $"Port {port} on {host} is already in use by another program (or a brain of another ANIMA_HOME). "
                + "Start this brain on another port with '--port' (or ANIMA_PORT), and give clients the same one.");
        }
        finally
        {
            listener.Stop();
        }
    }
}
