using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Anima.Actors.Configuration;
using Anima.Client;
using Anima.Client.Configuration;
using Anima.Client.Trust;
using Anima.Host.Brain;
using Anima.Messages.Clients;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Anima.Host.Tests;

/// <summary>
/// A client that says Hello while the brain is still starting (its port bound, its rooms not yet made) is welcomed
/// once they are, its first Hello answered: it used to go to dead letters, and the client waited out its 5 s timeout.
/// </summary>
public sealed class ClientDoorSpecs : IAsyncLifetime
{
    // Long enough for a Hello to cross loopback remoting on a loaded machine; the door holds it for this long.
    private static readonly TimeSpan HelloCrossing = TimeSpan.FromSeconds(3);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "anima-door-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly TaskCompletionSource _systemMade = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _roomsMayStart = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _lostHello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BrainParts? _parts;
    private IHost? _host;

    [Fact]
    public async Task A_Hello_sent_before_the_brains_rooms_exist_is_answered_once_they_do()
    {
        var home = new AnimaHome(_root);
        home.EnsureCreated();
        var port = FreePort();
        var settings = AnimaConfig.ForBrain(home, "production", port);
        _parts = BrainParts.Prepare(settings);
        _host = BrainWhoseRoomsWait(settings, _parts);

        // The actor system is made, its port bound; the rooms (the gateway among them) wait.
        var starting = _host.StartAsync();
        await _systemMade.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var connecting = BrainClient.ConnectAsync(new BrainAddress("127.0.0.1", port), ClientCredentials.FromHome(home)!, "door-spec");

        if (await Task.WhenAny(_lostHello.Task, Task.Delay(HelloCrossing)) == _lostHello.Task)
        {
            Assert.Fail($"the brain lost a Hello sent while it started: {await _lostHello.Task}");
        }

        _roomsMayStart.SetResult();
        await starting.WaitAsync(TimeSpan.FromSeconds(30));
        await using var client = await connecting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(_lostHello.Task.IsCompleted, "a Hello went to dead letters");
        Assert.Equal(0, (await client.RequestAsync<BrainStatus>(new GetStatus())).SessionCount);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            _roomsMayStart.TrySetResult();
            await _host.StopAsync();
            _host.Dispose();
        }

        _parts?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // tmp is cleaned anyway
        }
    }

    /// <summary>The host's composition, with a room ahead of the others that waits for the spec.</summary>
    private IHost BrainWhoseRoomsWait(BrainSettings settings, BrainParts parts)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = settings.Home.Root,
        });
        builder.Services.AddAkka(BrainAddress.SystemName, akka => BrainComposition.Rooms(settings, parts).Aggregate(
            akka.AddAnimaSystem(settings, parts)
                .WithActors((system, _) =>
                {
                    var watch = system.ActorOf(Props.Create(() => new LostHellos(_lostHello)), "lost-hellos");
                    system.EventStream.Subscribe(watch, typeof(AllDeadLetters));
                    _systemMade.TrySetResult();
                })
                .WithActors(new ActorStarter(async (_, _) => await _roomsMayStart.Task)),
            (composed, room) => room(composed)));
        return builder.Build();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Hears the brain's dead letters and reports the first Hello among them.</summary>
    private sealed class LostHellos : ReceiveActor
    {
        public LostHellos(TaskCompletionSource<string> lost) =>
            Receive<AllDeadLetters>(dead =>
            {
                if (dead.Message is Hello || (dead.Message is ActorSelectionMessage { Message: Hello }))
                {
                    lost.TrySetResult($"{dead.Message} to {dead.Recipient.Path}");
                }
            });
    }
}
