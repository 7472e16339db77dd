using System.Buffers;

namespace Anima.Actors.Providers;

/// <summary>
/// The buffers model calls rent (request bodies, response streams). <see cref="ArrayPool{T}.Shared"/> keeps only a
/// few arrays of a size per core, so with a hundred calls in flight most rents were fresh arrays that lived as
/// long as their call, survived a collection or two and were copied into older generations: collections under
/// load took 4–9 ms each. This pool keeps enough for that many calls; what it holds stays put in the oldest
/// generation, and an idle brain holds at most what its busiest moment needed.
/// </summary>
internal static class ProviderBuffers
{
    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(maxArrayLength: 4 * 1024 * 1024, maxArraysPerBucket: 256);
}
