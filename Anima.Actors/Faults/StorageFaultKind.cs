namespace Anima.Actors.Faults;

/// <summary>Faults of the same kind are logged once per interval (<see cref="FaultLog"/>).</summary>
public enum StorageFaultKind
{
    DiskFull,
    ReadOnly,
    Moved,
    NotADatabase,
    Corrupt,
    Io,
    Other,
}
