using System.Collections.Concurrent;
using Akka.Actor;
using Anima.Messages.Sessions;
using Anima.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Usage;

/// <summary>
/// Every model call the brain makes, as the provider billed it: the agent's turns (also journaled, on each
/// <see cref="AgentMessage"/>), the mind's appraisal and memory's summaries (which no session journals). Kept in the
/// brain's SQLite file (<c>anima_usage</c>), so a report for a day or a session is one indexed read instead of every
/// session's journal; a brain without a file (<c>anima.db.file</c> unset) keeps them in memory.
/// </summary>
/// <remarks>
/// <see cref="Record"/> never blocks its caller (an actor): the call waits in a queue that a task writes out, and a
/// query writes out what waits before it reads, so a call recorded before a question is in its answer.
/// </remarks>
public sealed class UsageLedger : IExtension
{
    private readonly string? _connectionString;
    private readonly ConcurrentQueue<BilledCall> _waiting = new();
    private readonly List<BilledCall> _memory = [];
    private readonly Lock _gate = new();
    private readonly Action<string>? _warn;
    private bool _created;

    public UsageLedger(string? connectionString, PriceList prices, Action<string>? warn = null)
    {
        _connectionString = connectionString;
        Prices = prices;
        _warn = warn;
    }

    public PriceList Prices { get; }

    public static UsageLedger Get(ActorSystem system) => system.WithExtension<UsageLedger, UsageLedgerProvider>();

    /// <summary>Keeps <paramref name="call"/>; written out in the background. A call that reported no tokens is not kept.</summary>
    public void Record(BilledCall call)
    {
        var u = call.Usage;
        if (u.InputTokens + u.OutputTokens + u.CacheReadTokens + u.CacheWriteTokens == 0)
        {
            return;
        }

        _waiting.Enqueue(call);
        _ = Task.Run(WriteWaiting);
    }

    /// <summary>The calls of <paramref name="sessionId"/> (every session's when null) made in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public Task<IReadOnlyList<BilledCall>> CallsAsync(string? sessionId, DateTimeOffset? from, DateTimeOffset? to) => Task.Run(() =>
    {
        WriteWaiting();
        lock (_gate)
        {
            if (_connectionString is null)
            {
                return (IReadOnlyList<BilledCall>)[.. _memory.Where(c => (sessionId is null || c.SessionId == sessionId) && (from is null || c.At >= from) && (to is null || c.At < to))];
            }

            using var connection = Open();
            using var query = connection.CreateCommand();
            query.CommandText = """
                SELECT session_id, turn, kind, model, at, input, output, cache_read, cache_write FROM anima_usage
                WHERE ($session IS NULL OR session_id = $session) AND ($from IS NULL OR at >= $from) AND ($to IS NULL OR at < $to)
                ORDER BY at, id
                """;
            query.Parameters.AddWithValue("$session", (object?)sessionId ?? DBNull.Value);
            query.Parameters.AddWithValue("$from", (object?)from?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            query.Parameters.AddWithValue("$to", (object?)to?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            using var reader = query.ExecuteReader();
            var calls = new List<BilledCall>();
            while (reader.Read())
            {
                calls.Add(new BilledCall(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    new TokenUsage(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return (IReadOnlyList<BilledCall>)calls;
        }
    });

    private void WriteWaiting()
    {
        lock (_gate)
        {
            var batch = new List<BilledCall>();
            while (_waiting.TryDequeue(out var call))
            {
                batch.Add(call);
            }

            if (batch.Count == 0)
            {
                return;
            }

            if (_connectionString is null)
            {
                _memory.AddRange(batch);
                return;
            }

            try
            {
                using var connection = Open();
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO anima_usage (at, session_id, turn, kind, model, input, output, cache_read, cache_write)
                    VALUES ($at, $session, $turn, $kind, $model, $input, $output, $read, $write)
                    """;
                foreach (var call in batch)
                {
                    insert.Parameters.Clear();
                    insert.Parameters.AddWithValue("$at", call.At.ToUnixTimeMilliseconds());
                    insert.Parameters.AddWithValue("$session", call.SessionId);
                    insert.Parameters.AddWithValue("$turn", (object?)call.Turn ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$kind", call.Kind);
                    insert.Parameters.AddWithValue("$model", call.Model);
                    insert.Parameters.AddWithValue("$input", call.Usage.InputTokens);
                    insert.Parameters.AddWithValue("$output", call.Usage.OutputTokens);
                    insert.Parameters.AddWithValue("$read", call.Usage.CacheReadTokens);
                    insert.Parameters.AddWithValue("$write", call.Usage.CacheWriteTokens);
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                // A full disk or a lost file: the calls are not counted, and the user's turn is not held up for it.
                _warn?.Invoke($"Could not record the usage of {batch.Count} model call(s) ({ex.Message}): 'anima usage' will not count them.");
            }
        }
    }

    // Called only once _connectionString was checked: a ledger without a file records nothing.
    private SqliteConnection Open()
    {
        var connection = SqliteDatabase.Open(_connectionString!);
        if (!_created)
        {
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS anima_usage (
                  id INTEGER PRIMARY KEY,
                  at INTEGER NOT NULL,
                  session_id TEXT NOT NULL,
                  turn INTEGER,
                  kind TEXT NOT NULL,
                  model TEXT NOT NULL,
                  input INTEGER NOT NULL,
                  output INTEGER NOT NULL,
                  cache_read INTEGER NOT NULL,
                  cache_write INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS anima_usage_by_session ON anima_usage (session_id, at);
                CREATE INDEX IF NOT EXISTS anima_usage_by_time ON anima_usage (at);
                """;
            create.ExecuteNonQuery();
            _created = true;
        }

        return connection;
    }
}
