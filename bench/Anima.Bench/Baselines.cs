using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Anima.Bench;

/// <summary>The physical limits the brain is held against, measured on this machine in the same run.</summary>
public static class Baselines
{
    /// <summary>A 64-byte message to a loopback echo server and back, one at a time (Nagle off, as remoting runs).</summary>
    public static async Task<Samples> LoopbackRoundTripAsync(int samples)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var echo = Task.Run(async () =>
        {
            using var server = await listener.AcceptTcpClientAsync();
            server.NoDelay = true;
            var stream = server.GetStream();
            var buffer = new byte[64];
            while (await ReadExactlyOrEndAsync(stream, buffer))
            {
                await stream.WriteAsync(buffer);
            }
        });

        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var link = client.GetStream();
        var message = new byte[64];
        var reply = new byte[64];
        for (var warm = WarmUntil(); Stopwatch.GetTimestamp() < warm;)
        {
            await link.WriteAsync(message);
            await link.ReadExactlyAsync(reply);
        }

        var result = new Samples();
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await link.WriteAsync(message);
            await link.ReadExactlyAsync(reply);
            result.AddSince(start);
        }

        client.Close();
        await echo;
        return result;
    }

    /// <summary>One row per transaction into a journal-shaped table: WAL, synchronous=NORMAL.</summary>
    public static Samples SqliteSingleRowInsert(string directory, int samples)
    {
        using var db = Open(directory, "single");
        using var insert = Insert(db, Payload());
        var seq = 0;
        for (var warm = WarmUntil(); Stopwatch.GetTimestamp() < warm;)
        {
            InsertAlone(db, insert, seq++);
        }

        var result = new Samples();
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            InsertAlone(db, insert, seq++);
            result.AddSince(start);
        }

        return result;
    }

    private static void InsertAlone(SqliteConnection db, SqliteCommand insert, int seq)
    {
        using var tx = db.BeginTransaction();
        insert.Transaction = tx;
        insert.Parameters["$seq"].Value = seq;
        insert.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>Rows per second, 100 rows per transaction, same table and settings.</summary>
    public static double SqliteBatchedRowsPerSecond(string directory, int rows) => Steady(directory, "batched", rows, BatchedRowsPerSecond);

    /// <summary>
    /// One more run of <see cref="SqliteBatchedRowsPerSecond"/> (after it, so warm), on a fresh file: the baseline
    /// measured right before a round of the brain's, so both see the machine in the same mood.
    /// </summary>
    public static double SqliteBatchedRowsPerSecondOnceMore(string directory, int rows) => OnFreshFile(directory, "batched", rows, BatchedRowsPerSecond);

    private static double BatchedRowsPerSecond(SqliteConnection db, int rows)
    {
        using var insert = Insert(db, Payload());
        var start = Stopwatch.GetTimestamp();
        for (var written = 0; written < rows; written += 100)
        {
            using var tx = db.BeginTransaction();
            insert.Transaction = tx;
            for (var i = 0; i < 100; i++)
            {
                insert.Parameters["$seq"].Value = written + i;
                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }

        return rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>
    /// What any journal of many sessions must do, in raw SQLite: 100 rows per transaction, one for each of
    /// <paramref name="streams"/> streams in turn, into a table indexed by (stream, sequence number), each row
    /// also indexed under a tag. The index pages of all the streams are dirtied by every commit, which a
    /// single-stream append (the baseline above) never pays.
    /// </summary>
    public static double SqliteInterleavedStreamsRowsPerSecond(string directory, int rows, int streams) =>
        Steady(directory, "streams", rows, (db, rows) => InterleavedStreamsRowsPerSecond(db, rows, streams));

    private static double InterleavedStreamsRowsPerSecond(SqliteConnection db, int rows, int streams)
    {
        using (var setup = db.CreateCommand())
        {
            setup.CommandText = """
                CREATE UNIQUE INDEX IF NOT EXISTS journal_stream ON journal (persistence_id, sequence_number);
                CREATE TABLE IF NOT EXISTS tags (tag TEXT NOT NULL, ordering INTEGER NOT NULL, PRIMARY KEY (tag, ordering)) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        using var insert = db.CreateCommand();
        insert.CommandText = """
            INSERT INTO journal (persistence_id, sequence_number, created, payload, manifest) VALUES ($pid, $seq, 0, $payload, 'user_message');
            INSERT INTO tags (tag, ordering) VALUES ('session', last_insert_rowid());
            """;
        insert.Parameters.AddWithValue("$pid", string.Empty);
        insert.Parameters.AddWithValue("$seq", 0);
        insert.Parameters.AddWithValue("$payload", Payload());
        var ids = Enumerable.Range(0, streams).Select(i => $"session-{i:d4}-{Guid.NewGuid():N}").ToArray();
        var start = Stopwatch.GetTimestamp();
        for (var written = 0; written < rows; written += 100)
        {
            using var tx = db.BeginTransaction();
            insert.Transaction = tx;
            for (var i = 0; i < 100; i++)
            {
                var n = written + i;
                insert.Parameters["$pid"].Value = ids[n % streams];
                insert.Parameters["$seq"].Value = n / streams + 1;
                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }

        return rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>The fake's stream read straight by an HttpClient: text deltas, and characters per second.</summary>
    public static async Task<(int Deltas, double PerSecond)> DirectStreamAsync(string baseUrl, string apiKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/v1/messages")
        {
            Content = new StringContent(
                """{"model":"bench","max_tokens":64000,"stream":true,"messages":[{"role":"user","content":"stream"}]}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("x-api-key", apiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var deltas = 0;
        long characters = 0;
        long last = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            // The relay parses each data line as JSON; so does this, to compare like with like.
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"text_delta\"", StringComparison.Ordinal))
            {
                using var json = System.Text.Json.JsonDocument.Parse(line.AsMemory(6));
                characters += json.RootElement.GetProperty("delta").GetProperty("text").GetString()!.Length;
                deltas++;
                last = Stopwatch.GetTimestamp();
            }
        }

        // From the request to the last character: the same span the relay is measured over (post → last character).
        return (deltas, characters / Stopwatch.GetElapsedTime(start, last).TotalSeconds);
    }

    /// <summary>
    /// <paramref name="run"/> at its steady state, as the brain is measured at its own: warmed for a second on a file
    /// of its own (cold, it ran up to a fifth slower: the JIT was still at work), then the median of three runs on fresh files.
    /// </summary>
    private static double Steady(string directory, string name, int rows, Func<SqliteConnection, int, double> run)
    {
        for (var until = WarmUntil(); Stopwatch.GetTimestamp() < until;)
        {
            OnFreshFile(directory, name, Math.Max(100, rows / 20), run);
        }

        var runs = new double[3];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = OnFreshFile(directory, name, rows, run);
        }

        Array.Sort(runs);
        return runs[1];
    }

    /// <summary>Runs <paramref name="run"/> on a new database file, deleted after.</summary>
    private static double OnFreshFile(string directory, string name, int rows, Func<SqliteConnection, int, double> run)
    {
        var file = Path.Combine(directory, $"{name}-{Guid.NewGuid():N}.db");
        var db = Open(file);
        try
        {
            return run(db, rows);
        }
        finally
        {
            // Out of the pool, so the file is closed and can go.
            SqliteConnection.ClearPool(db);
            db.Dispose();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>When a baseline's warm-up ends: a second of the same work first, so it is measured with its code tiered up.</summary>
    private static long WarmUntil() => Stopwatch.GetTimestamp() + Stopwatch.Frequency;

    private static SqliteConnection Open(string directory, string name) => Open(Path.Combine(directory, name + ".db"));

    private static SqliteConnection Open(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var db = new SqliteConnection($"Data Source={file}");
        db.Open();
        using var setup = db.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL,
              sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, payload BLOB NOT NULL, manifest TEXT NOT NULL);
            """;
        setup.ExecuteNonQuery();
        return db;
    }

    private static SqliteCommand Insert(SqliteConnection db, byte[] payload)
    {
        var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, created, payload, manifest) VALUES ('session-bench', $seq, 0, $payload, 'user_message')";
        insert.Parameters.AddWithValue("$seq", 0);
        insert.Parameters.AddWithValue("$payload", payload);
        insert.Prepare();
        return insert;
    }

    /// <summary>The size of a short user message as the journal stores it (JSON).</summary>
    private static byte[] Payload() =>
        Encoding.UTF8.GetBytes("""{"text":"Why does the service keep restarting after the upgrade?","at":"2026-11-24T10:00:00+00:00"}""");

    private static async Task<bool> ReadExactlyOrEndAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
