using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Runtime;

/// <summary>
/// Gives memory back once a wave of sessions has gone idle. A passivated session leaves little behind, but the heap
/// it grew while loaded stays committed: the GC does not hand free memory back by itself until it next needs to
/// collect, which a quiet brain never does.
/// </summary>
/// <remarks>
/// After <c>trimAfter</c> sessions went idle, and none for <see cref="QuietBeforeTrim"/>, it closes the journal's
/// idle pooled read connections (recovering sessions opened them, and each holds a page cache and its own mapping
/// of the WAL index: 4 MB of shared memory and a few MB of native heap after 10,000 recoveries), then compacts the
/// heap and returns the free part to the system, off the actor's thread.
/// </remarks>
public sealed class MemoryTrimmer : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan QuietBeforeTrim = TimeSpan.FromSeconds(3);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _idleSinceTrim;

    public MemoryTrimmer(int trimAfter)
    {
        Receive<SessionWentIdle>(_ =>
        {
            if (++_idleSinceTrim >= trimAfter)
            {
                // Restarted by every passivation: the trim waits for the wave to pass.
                Timers.StartSingleTimer(nameof(Trim), Trim.Instance, QuietBeforeTrim);
            }
        });
        Receive<Trim>(_ => TrimNow());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(int trimAfter) => Akka.Actor.Props.Create(() => new MemoryTrimmer(trimAfter));

    private void TrimNow()
    {
        var idle = _idleSinceTrim;
        _idleSinceTrim = 0;
        var log = _log;
        Task.Run(() =>
        {
            using var self = Process.GetCurrentProcess();
            var before = self.WorkingSet64;
            SqliteConnection.ClearAllPools();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            self.Refresh();
            var after = self.WorkingSet64;
            log.Info("{0} sessions went idle: gave back {1:0.0} MB (resident {2:0.0} → {3:0.0} MB)", idle, (before - after) / 1048576.0, before / 1048576.0, after / 1048576.0);
        });
    }

    /// <summary>A session was passivated.</summary>
    public sealed class SessionWentIdle
    {
        public static readonly SessionWentIdle Instance = new();
    }

    private sealed class Trim
    {
        public static readonly Trim Instance = new();
    }
}
