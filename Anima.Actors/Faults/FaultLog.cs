using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace Anima.Actors.Faults;

/// <summary>
/// Logs a fault once per <see cref="Interval"/> for each kind, and counts the rest: on a full disk every
/// session, the mind and the session list fail at once and again at every attempt (the brain wrote 269,606
/// errors, 715 MB, before this), while one line says all the user needs. The next line of a kind says how many
/// like it were left out. One per actor system.
/// </summary>
public sealed class FaultLog : IExtension
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly Func<DateTime> _now;

    public FaultLog(Func<DateTime>? now = null, TimeSpan? interval = null)
    {
        _now = now ?? (() => DateTime.UtcNow);
        Interval = interval ?? TimeSpan.FromMinutes(1);
    }

    public TimeSpan Interval { get; }

    public static FaultLog Get(ActorSystem system) => system.WithExtension<FaultLog, FaultLogProvider>();

    /// <summary>Logs <paramref name="message"/> as an error unless a fault of <paramref name="kind"/> was logged within the interval.</summary>
    public void Error(ILoggingAdapter log, string kind, string message)
    {
        if (ShouldLog(kind, out var leftOut))
        {
            log.Error(leftOut > 0 ? $"{message} ({leftOut} more like it in the last {Interval.TotalSeconds:0} s not logged)" : message);
        }
    }

    /// <summary>The same for warnings.</summary>
    public void Warning(ILoggingAdapter log, string kind, string message)
    {
        if (ShouldLog(kind, out var leftOut))
        {
            log.Warning(leftOut > 0 ? $"{message} ({leftOut} more like it in the last {Interval.TotalSeconds:0} s not logged)" : message);
        }
    }

    /// <summary>True when this occurrence should be logged; <paramref name="leftOut"/> counts those left out since the last logged one.</summary>
    public bool ShouldLog(string kind, out int leftOut)
    {
        var now = _now();
        var entry = _entries.GetOrAdd(kind, _ => new Entry());
        lock (entry)
        {
            if (entry.LastLogged is { } last && now - last < Interval)
            {
                entry.LeftOut++;
                leftOut = 0;
                return false;
            }

            leftOut = entry.LeftOut;
            entry.LeftOut = 0;
            entry.LastLogged = now;
            return true;
        }
    }

    private sealed class Entry
    {
        public DateTime? LastLogged { get; set; }

        public int LeftOut { get; set; }
    }
}
