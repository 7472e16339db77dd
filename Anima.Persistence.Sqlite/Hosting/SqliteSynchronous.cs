namespace Anima.Persistence.Sqlite.Hosting;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> for the journal's file (WAL). <see cref="Normal"/> makes a commit durable
/// against any crash of the process (SIGKILL, OOM) without an fsync per transaction; only a power cut can lose
/// the last commits. <see cref="Full"/> also survives that, at the cost of the fsync.
/// </summary>
public enum SqliteSynchronous
{
    Off,
    Normal,
    Full,
    Extra,
}
