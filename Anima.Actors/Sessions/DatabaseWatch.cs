using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Anima.Actors.Faults;

namespace Anima.Actors.Sessions;

/// <summary>
/// <c>/user/database-watch</c>: notices when the brain's SQLite file is deleted or moved while the brain runs, and
/// stops the brain saying so. SQLite keeps writing into the open, unlinked file, which nobody will ever read again:
/// the next start found no sessions, and nothing had said why. A look every <see cref="Every"/> is one stat call.
/// </summary>
public sealed class DatabaseWatch : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    public DatabaseWatch(string file)
    {
        Receive<Look>(_ =>
        {
            if (File.Exists(file))
            {
                return;
            }

            var fault = StorageFault.Missing(file);
            Context.GetLogger().Error("{0} Stopping the brain, so that nothing more is written where nobody will find it.", fault.Sentence);
            Timers.CancelAll();
            CoordinatedShutdown.Get(Context.System).Run(new DatabaseLost(fault));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string file) => Akka.Actor.Props.Create(() => new DatabaseWatch(file));

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Look), Look.Instance, Every);

    /// <summary>Why the brain stopped: its process exits non-zero with <see cref="StorageFault.Sentence"/>.</summary>
    public sealed class DatabaseLost(StorageFault fault) : CoordinatedShutdown.Reason
    {
        public StorageFault Fault { get; } = fault;

        public override int ExitCode => 1;
    }

    private sealed class Look
    {
        public static readonly Look Instance = new();
    }
}

public sealed class DatabaseWatchKey;

public static class DatabaseWatchHosting
{
    public static AkkaConfigurationBuilder AddDatabaseWatch(this AkkaConfigurationBuilder builder, string file) =>
        builder.WithActors((system, registry) => registry.Register<DatabaseWatchKey>(system.ActorOf(DatabaseWatch.Props(file), "database-watch")));
}
