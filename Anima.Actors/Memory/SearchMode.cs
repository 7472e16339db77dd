namespace Anima.Actors.Memory;

/// <summary>Which rankings a search fuses: both (what recall uses), or one alone (to measure what each adds).</summary>
public enum SearchMode
{
    Both,
    Keywords,
    Meaning,
}
