using Anima.Actors.Faults;

namespace Anima.Actors.Sessions;

/// <summary>
/// A write of the session failed and stopped it; the registry hands this to the next incarnation, which then does not
/// resume the turn. <paramref name="MayClose"/>: only the first incarnation after the fault tries to write the
/// system message that closes the turn, so a disk that is still full costs one more failed write, not a loop.
/// </summary>
public sealed record SessionFault(StorageFault Fault, bool MayClose);
