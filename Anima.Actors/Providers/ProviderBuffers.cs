using System.Buffers;

namespace Anima.Actors.Providers;

/// <summary>
/// The buffers model calls rent (request bodies, response streams). <see cref="ArrayPool{T}.Shared"/> keeps only a
/// few arrays of a size per core, so with a hundred calls in flight most rents were fresh 16 KB arrays that lived
/// as long as their call and were copied into older generations by the collections they outlived. This pool keeps
/// enough for that many calls (what it holds stays put in the oldest generation); an idle brain holds at most
/// what its busiest moment needed. Measured under 200 turns at once: 10 % less time in collections.
/// </summary>
internal static class ProviderBuffers
{
    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(maxArrayLength: 4 * 1024 * 1024, maxArraysPerBucket: 256);
}
