using Anima.Actors.Memory;

namespace Anima.Tests.Memory;

/// <summary>The real MiniLM model, loaded once for all memory specs (its load takes a second of a shared machine).</summary>
internal static class SharedEncoder
{
    public static MiniLmEncoder Instance { get; } = new();
}
