using Akka.Actor;
using Anima.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Sessions;

/// <summary>
/// Counts how often each session's open turn was resumed without getting any further: a turn the brain keeps
/// stopping in (a crash it causes, a session that fails and restarts) must not call the model again at every
/// start. Kept in the brain's SQLite file (<c>anima_turn_resumes</c>), so restarts of the whole brain count too;
/// a turn that gets further (its stream grows) starts counting again. Written on a connection of its own, off
/// the caller's thread; a brain without a file (<c>anima.db.file</c> unset) counts in memory.
/// </summary>
public sealed class ResumeLedger : IExtension
{
    private readonly string? _connectionString;
    private readonly Dictionary<string, (long Seq, int Count)> _memory = [];
    private bool _created;

    public ResumeLedger(string? connectionString)
    {
        _connectionString = connectionString;
    }

    public static ResumeLedger Get(ActorSystem system) => system.WithExtension<ResumeLedger, ResumeLedgerProvider>();

    /// <summary>Records one more resume of <paramref name="sessionId"/>'s turn at <paramref name="lastSeq"/>; the count at that seq, this one included.</summary>
    public Task<int> RecordAsync(string sessionId, long lastSeq) => Task.Run(() =>
    {
        lock (_memory)
        {
            if (_connectionString is null)
            {
                var count = _memory.TryGetValue(sessionId, out var known) && known.Seq == lastSeq ? known.Count + 1 : 1;
                _memory[sessionId] = (lastSeq, count);
                return count;
            }

            using var connection = SqliteDatabase.Open(_connectionString);
            if (!_created)
            {
                using var create = connection.CreateCommand();
                create.CommandText = """
                    CREATE TABLE IF NOT EXISTS anima_turn_resumes (
                      session_id TEXT PRIMARY KEY,
                      last_seq INTEGER NOT NULL,
                      resumes INTEGER NOT NULL) WITHOUT ROWID
                    """;
                create.ExecuteNonQuery();
                _created = true;
            }

            using var upsert = connection.CreateCommand();
            upsert.CommandText = """
                INSERT INTO anima_turn_resumes (session_id, last_seq, resumes) VALUES ($id, $seq, 1)
                ON CONFLICT(session_id) DO UPDATE SET
                  resumes = CASE WHEN last_seq = $seq THEN resumes + 1 ELSE 1 END,
                  last_seq = $seq
                RETURNING resumes
                """;
            upsert.Parameters.AddWithValue("$id", sessionId);
            upsert.Parameters.AddWithValue("$seq", lastSeq);
            return Convert.ToInt32(upsert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    });
}
