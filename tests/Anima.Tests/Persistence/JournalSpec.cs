using Akka.Actor;
using Anima.Tests.Support;

namespace Anima.Tests.Persistence;

/// <summary>A <see cref="BrainSpec"/> for the journal's specs, which drive it through <see cref="Recorder"/>s.</summary>
public abstract class JournalSpec(TempHome home, string? overrides = null) : BrainSpec(home, overrides)
{
    /// <summary>
    /// Has <paramref name="recorder"/> persist <paramref name="count"/> events ("event 1", … unless
    /// <paramref name="eventFor"/> says otherwise), each acknowledged before the next: a commit each.
    /// </summary>
    protected void RecordOneByOne(IActorRef recorder, int count, Func<int, object>? eventFor = null)
    {
        for (var n = 1; n <= count; n++)
        {
            recorder.Tell(new Record(eventFor?.Invoke(n) ?? $"event {n}"), TestActor);
            ExpectMsg<long>();
        }
    }
}
