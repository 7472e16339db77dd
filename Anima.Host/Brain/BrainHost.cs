using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using System.Security.Cryptography.X509Certificates;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Anima.Actors.Agent;
using Anima.Actors.Configuration;
using Anima.Actors.Gateway;
using Anima.Actors.Mind;
using Anima.Actors.Providers;
using Anima.Actors.Sessions;
using Anima.Actors.Tools;
using Anima.Actors.Trust;
using Anima.Persistence.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Anima.Host.Brain;

/// <summary>Composes the brain: the actor system and its actors, logging, and the systemd integration.</summary>
public static class BrainHost
{
    public static IHost Build(BrainSettings settings)
    {
        settings.Home.EnsureCreated();
        var token = ClientToken.LoadOrCreate(settings.Home);
        var trust = new TrustMaterial(settings.Home);
        var certificate = trust.Brain([settings.Hostname]);
        var authority = trust.Authority();
        settings.Home.MakePrivate(settings.DatabaseFile);
        DatabasePreflight.Prepare(settings.DatabaseFile);

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

        var info = new BrainInfo(BrainInfo.CurrentVersion, DateTimeOffset.UtcNow, settings.Environment.Name);
        var agentSettings = AgentSettings.From(settings.Config);
        var providers = new ProviderSource(settings.Home, agentSettings);
        var web = new WebGet(agentSettings.WebGetTimeout);
        builder.Services.AddSingleton(providers);
        builder.Services.AddSingleton(web);
        var shells = new ShellLedger(Path.Combine(settings.Home.Tmp, "shells", settings.Environment.Name));
        var orphans = shells.SweepOrphans();
        if (orphans > 0)
        {
            Console.Error.WriteLine($"Ended {orphans} process(es) left running by a brain that was killed.");
        }

        var agent = new AgentServices(agentSettings, providers, web, Shells: shells);
        var connectionString = SqliteDatabase.ConnectionString(settings.DatabaseFile);
        builder.Services.AddAkka(Actors.Client.BrainAddress.SystemName, akka => akka
            .AddHocon(settings.Config, HoconAddMode.Prepend)
            .AddHocon(BrainWire.Hocon, HoconAddMode.Prepend)
            .WithActorRefProvider(ProviderSelection.Cluster.Instance)
            .WithRemoting(Remoting(settings, certificate, authority))
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            })
            .AddSessionJournal(settings)
            .AddMind(MindConfig.Parse(settings.Config), SystemClock.Instance, agentSettings, providers)
            .AddSessionRegistry(SessionSettings.From(settings.Config), agent)
            .AddSessionIndex(connectionString)
            .AddDatabaseWatch(settings.DatabaseFile)
            .AddGateway(info, token, ClientSettings.From(settings.Config)));

        return builder.Build();
    }

    /// <summary>
    /// Akka.Remote over mutual TLS: the brain presents its certificate and accepts a peer only when our CA issued the
    /// peer's; a peer without one never completes a handshake, so it never reaches Akka's protocol. Akka.Hosting's
    /// typed options carry all of it (the certificate and the validator go in as a DotNettySslSetup); what they do not
    /// carry — batching, untrusted mode, trusted selection paths — is in anima.hocon.
    /// </summary>
    private static RemoteOptions Remoting(BrainSettings settings, X509Certificate2 certificate, X509Certificate2 authority)
    {
        if (PlainTcpBaseline.On)
        {
            return new RemoteOptions { HostName = settings.Hostname, Port = settings.Port, EnableSsl = false };
        }

        return new RemoteOptions
        {
            HostName = settings.Hostname,
            Port = settings.Port,
            EnableSsl = true,
            Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                SuppressValidation = false,
                ValidateCertificateHostname = false,
                CustomValidator = PeerValidation.IssuedBy(authority),
            },
        };
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
