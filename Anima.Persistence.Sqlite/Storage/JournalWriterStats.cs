namespace Anima.Persistence.Sqlite.Storage;

/// <summary>The journal writer's work since the store was opened.</summary>
/// <param name="Writes">Writes committed: one a journal write, i.e. one persistent actor's events written together.</param>
/// <param name="Busy">Time spent committing (the rest it waited for writes).</param>
/// <param name="WalFrames">Pages written to the WAL: what a commit costs beyond its statements.</param>
public readonly record struct JournalWriterStats(long Commits, long Writes, TimeSpan Busy, long WalFrames);
