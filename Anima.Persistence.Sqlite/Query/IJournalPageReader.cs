namespace Anima.Persistence.Sqlite.Query;

/// <summary>One materialized query's position in the file; <see cref="JournalPages{T}"/> asks it for one page at a time.</summary>
internal interface IJournalPageReader<T>
{
    Task<JournalPage<T>> ReadAsync();
}
