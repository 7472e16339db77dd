namespace Anima.Persistence.Sqlite.Query;

/// <summary>What one read of the file gave a query.</summary>
/// <param name="Items">What to emit, in order.</param>
/// <param name="CaughtUp">Nothing more is there to read now: a live query waits for the writer's next commit.</param>
/// <param name="Done">Nothing more will ever be read: the stream completes once <paramref name="Items"/> are emitted.</param>
internal readonly record struct JournalPage<T>(IReadOnlyList<T> Items, bool CaughtUp, bool Done);
