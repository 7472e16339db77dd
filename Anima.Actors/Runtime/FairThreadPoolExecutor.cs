using Akka.Configuration;
using Akka.Dispatch;

namespace Anima.Actors.Runtime;

/// <summary>
/// Runs actors on the .NET thread pool first come, first served: the brain's default dispatcher (hocon/anima.hocon).
/// </summary>
/// <remarks>
/// Akka's own thread-pool executor queues an actor that was sent a message to the sending thread's local queue,
/// which that thread serves newest first. That is kind to caches, but with a few hundred turns in flight the
/// newest work kept overtaking the oldest, and some posts waited behind several rounds of everyone else's. On
/// the bench's 200 sessions × 5 turns, thirteen alternating runs: p99 post → first delta 41–67 ms (mean 53 ms) with
/// Akka's executor, 34–66 ms (mean 46 ms) with this one, lower in nine of the thirteen pairs; the median, the
/// one-at-a-time latency, turns per second and the journal's throughput did not move. (The same executor in the
/// clients' systems made the bench's tail worse, not better: they stay on Akka's.)
/// </remarks>
public sealed class FairThreadPoolExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new FairThreadPoolExecutor(id);

    private sealed class FairThreadPoolExecutor(string id) : ExecutorService(id)
    {
        public override void Execute(IRunnable run) => ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);

        public override void Shutdown()
        {
        }
    }
}
