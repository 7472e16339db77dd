using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Anima.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Memory;

/// <summary>
/// Mneme's memories in a SQLite file of their own beside the brain's journal (<c>db/anima.mneme.db</c>, 0600): a
/// table of memories, an FTS5 index over their text (BM25, rebuildable from the table) and each memory's meaning as a
/// vector, searched in memory. A query runs both searches and fuses the two rankings (reciprocal rank fusion), then
/// prefers salient and recent moments. Safe from several threads; every call opens a pooled connection.
/// </summary>
/// <remarks>
/// A file of its own because SQLite has one writer per file and the journal's writer commits continuously; Mneme
/// writes rarely and must never make a turn wait. <c>anima memory</c> reads the same file while a brain runs; a change
/// made by another connection is noticed (<c>PRAGMA data_version</c>) and the vectors read again. Everything here
/// can be made again from the journal: messages from the sessions' events, the rest from Mneme's stream
/// (<see cref="MnemeStream"/>).
/// </remarks>
public sealed class MemoryStore : IDisposable
{
    /// <summary>The constant of reciprocal rank fusion: 60 as in the paper that named it.</summary>
    public const int FusionK = 60;

    /// <summary>A memory found by meaning alone must be at least this close (cosine) to count.</summary>
    public const double MeaningFloor = 0.3;

    private const int Candidates = 50;

    /// <summary>A word in more memories than this is too common to search for beside rarer ones.</summary>
    private const int CommonAfter = 500;

    private const int MeaningChars = 500;

    private static readonly HashSet<string> StopWords = new(
        ["a", "an", "the", "is", "are", "was", "were", "be", "to", "of", "and", "or", "in", "on", "at", "it", "its", "s", "i", "me",
         "you", "your", "we", "do", "does", "did", "what", "whats", "who", "how", "that", "this", "for", "with", "as", "by", "can",
         "could", "would", "should", "about", "please", "tell", "t", "d", "ll", "m", "re", "ve", "so", "if", "not", "no", "yes",
         "my", "our", "his", "her", "their", "they", "he", "she", "him", "them", "there", "here", "have", "has", "had", "will",
         "from", "up", "out", "just", "also", "any", "some", "all", "am", "been", "being", "which", "when", "where", "why"],
        StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly ITextEncoder _encoder;
    private readonly Lock _vectorsGate = new();
    private Vectors? _vectors;
    private long _dataVersion = -1;
    private long _forgets;
    private SqliteConnection? _watch;

    public MemoryStore(string file, ITextEncoder encoder)
    {
        File = file;
        _encoder = encoder;
        _connectionString = SqliteDatabase.ConnectionString(file);
        Migrate();
    }

    public string File { get; }

    public void Dispose()
    {
        lock (_vectorsGate)
        {
            _watch?.Dispose();
            _watch = null;
            _vectors = null;
        }
    }

    /// <summary>The memory file beside a brain's database: <c>anima.db</c> → <c>anima.mneme.db</c>.</summary>
    public static string FileBeside(string databaseFile) =>
        Path.Combine(Path.GetDirectoryName(databaseFile)!, Path.GetFileNameWithoutExtension(databaseFile) + ".mneme.db");

    /// <summary>Adds memories (their meaning encoded here); one already there (same session, kind and range) is kept as it was.</summary>
    /// <returns>The ids of those added.</returns>
    public IReadOnlyList<long> Add(IReadOnlyList<NewMemory> memories) => Add(memories, null);

    /// <summary>
    /// Adds memories read from the journal and, in the same transaction, how far the journal has been read: a brain
    /// killed after this call has them and will not read them again; killed before, it reads them again.
    /// </summary>
    /// <remarks>
    /// What is there already (heard on the bus, or a forgotten memory's tombstone) is neither encoded nor written:
    /// reading the journal again costs a lookup per message, not an inference.
    /// </remarks>
    /// <param name="streamSeq">The event of Mneme's stream these memories come from (a summary, a pin): saved as applied with them.</param>
    public IReadOnlyList<long> Add(IReadOnlyList<NewMemory> memories, long? journalOffset, long? streamSeq = null)
    {
        if (memories.Count == 0 && journalOffset is null && streamSeq is null)
        {
            return [];
        }

        List<NewMemory> fresh;
        using (var reading = Open())
        {
            fresh = [.. memories.Where(m => !Exists(reading, m))];
        }

        // One call: the encoder runs them one at a time in quiet moments (a turn's recall stops one and it starts over),
        // and defers them by a second at most.
        var vectors = _encoder.EncodeInBackground([.. fresh.Select(Meaning)]);
        var added = new List<long>(fresh.Count);
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO mneme_memories(session_id, kind, from_seq, to_seq, text, at, levels, salience, feeling, embedding)
            VALUES ($session, $kind, $from, $to, $text, $at, $levels, $salience, $feeling, $embedding)
            RETURNING id
            """;
        for (var i = 0; i < fresh.Count; i++)
        {
            var memory = fresh[i];
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$session", memory.SessionId);
            insert.Parameters.AddWithValue("$kind", (int)memory.Kind);
            insert.Parameters.AddWithValue("$from", memory.FromSeq);
            insert.Parameters.AddWithValue("$to", memory.ToSeq);
            insert.Parameters.AddWithValue("$text", memory.Text);
            insert.Parameters.AddWithValue("$at", memory.At.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$levels", JsonSerializer.Serialize(memory.Feeling.Levels));
            insert.Parameters.AddWithValue("$salience", memory.Feeling.Salience);
            insert.Parameters.AddWithValue("$feeling", memory.Feeling.Words);
            insert.Parameters.AddWithValue("$embedding", MemoryMarshal.AsBytes(vectors[i].AsSpan()).ToArray());
            if (insert.ExecuteScalar() is long id)
            {
                added.Add(id);
            }
        }

        if (journalOffset is { } offset)
        {
            Execute(
                connection,
                "INSERT INTO mneme_journal(id, read_to) VALUES (1, $o) ON CONFLICT(id) DO UPDATE SET read_to = max(read_to, excluded.read_to)",
                ("$o", offset));
        }

        if (streamSeq is { } seq)
        {
            MarkApplied(connection, seq);
        }

        transaction.Commit();
        return added;
    }

    /// <summary>
    /// What a memory's vector is made of: a message's words without who said them, so that the turn's recall, which
    /// encodes the same words as its query a moment before, leaves the encoder the vector to reuse; and at most its
    /// first <see cref="MeaningChars"/> characters (about the 128 word pieces MiniLM was trained on; its words all
    /// stay in the keyword index). A 300-word answer took the encoder 1.1 s under load, 600 characters 0.2 s.
    /// </summary>
    private static string Meaning(NewMemory memory)
    {
        var text = memory.Kind == MemoryKind.Event && memory.Text.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 and < 8
            ? memory.Text[(colon + 2)..]
            : memory.Text;
        return text.Length <= MeaningChars ? text : text[..MeaningChars];
    }

    /// <summary>How far the journal's session events have been read into memories (its ordering; 0: not at all).</summary>
    public long JournalReadTo()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT read_to FROM mneme_journal WHERE id = 1";
        return command.ExecuteScalar() is long offset ? offset : 0;
    }

    /// <summary>How far Mneme's own stream of the journal (summaries, pins, forgets) has been applied here (its sequence number; 0: not at all).</summary>
    public long StreamAppliedTo()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT applied_to FROM mneme_stream WHERE id = 1";
        return command.ExecuteScalar() is long seq ? seq : 0;
    }

    /// <summary>Whether this file holds what only Mneme's stream can give back (summaries, pins, forgets): a file from before the stream.</summary>
    public bool HoldsUnjournaled()
    {
        using var connection = Open();
        return Scalar(connection, "SELECT COALESCE((SELECT applied_to FROM mneme_stream WHERE id = 1), 0)") == 0
            && Scalar(connection, "SELECT EXISTS(SELECT 1 FROM mneme_memories WHERE kind <> 0 OR forgotten_at IS NOT NULL)") == 1;
    }

    /// <summary>Saves that Mneme's stream is applied here up to <paramref name="seq"/> (what this file held, once journaled).</summary>
    public void MarkStreamApplied(long seq)
    {
        using var connection = Open();
        MarkApplied(connection, seq);
    }

    /// <summary>
    /// What this file alone holds, for a file from before Mneme's stream: the forgets (a tombstone's key, when and by
    /// whom), then the summaries, digests and pins there are, each oldest first. In that order a file made again from
    /// them is this one: a summary that outlived a forget was made after it.
    /// </summary>
    public (IReadOnlyList<(MemoryKey Key, DateTimeOffset At, string By)> Forgets, IReadOnlyList<MemoryEntry> Made) Unjournaled()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.session_id, m.kind, m.from_seq, m.to_seq, m.forgotten_at,
                   COALESCE((SELECT f.by FROM mneme_forgotten f WHERE f.memory_id = m.id ORDER BY f.rowid LIMIT 1), 'user')
            FROM mneme_memories m WHERE m.forgotten_at IS NOT NULL ORDER BY m.forgotten_at, m.id
            """;
        var forgets = new List<(MemoryKey, DateTimeOffset, string)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                forgets.Add((
                    new MemoryKey(reader.GetString(0), (MemoryKind)reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)),
                    DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                    reader.GetString(5)));
            }
        }

        return (forgets, Query(connection, "SELECT * FROM mneme_memories WHERE kind <> 0 AND forgotten_at IS NULL ORDER BY id"));
    }

    private static void MarkApplied(SqliteConnection connection, long seq) =>
        Execute(
            connection,
            "INSERT INTO mneme_stream(id, applied_to) VALUES (1, $s) ON CONFLICT(id) DO UPDATE SET applied_to = max(applied_to, excluded.applied_to)",
            ("$s", seq));

    /// <summary>Those of <paramref name="memories"/> this file has no row for (a forgotten one's tombstone is a row).</summary>
    public IReadOnlyList<NewMemory> Unknown(IReadOnlyList<NewMemory> memories)
    {
        using var connection = Open();
        return [.. memories.Where(m => !Exists(connection, m))];
    }

    private static bool Exists(SqliteConnection connection, NewMemory memory)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM mneme_memories WHERE session_id = $s AND kind = $k AND from_seq = $f AND to_seq = $t";
        command.Parameters.AddWithValue("$s", memory.SessionId);
        command.Parameters.AddWithValue("$k", (int)memory.Kind);
        command.Parameters.AddWithValue("$f", memory.FromSeq);
        command.Parameters.AddWithValue("$t", memory.ToSeq);
        return command.ExecuteScalar() is not null;
    }

    public MemoryEntry? Get(long id)
    {
        using var connection = Open();
        return Query(connection, "SELECT * FROM mneme_memories WHERE id = $id AND forgotten_at IS NULL", ("$id", id)).FirstOrDefault();
    }

    /// <summary>A session's memories of one kind, oldest first.</summary>
    public IReadOnlyList<MemoryEntry> OfSession(string sessionId, MemoryKind kind)
    {
        using var connection = Open();
        return Query(
            connection,
            "SELECT * FROM mneme_memories WHERE session_id = $s AND kind = $k AND forgotten_at IS NULL ORDER BY from_seq, id",
            ("$s", sessionId),
            ("$k", (int)kind));
    }

    /// <summary>Every pinned memory, oldest first.</summary>
    public IReadOnlyList<MemoryEntry> Pinned()
    {
        using var connection = Open();
        return Query(connection, "SELECT * FROM mneme_memories WHERE kind = $k AND forgotten_at IS NULL ORDER BY id", ("$k", (int)MemoryKind.Pinned));
    }

    /// <summary>The newest memories, newest first.</summary>
    public IReadOnlyList<MemoryEntry> Recent(int count)
    {
        using var connection = Open();
        return Query(connection, "SELECT * FROM mneme_memories WHERE forgotten_at IS NULL ORDER BY id DESC LIMIT $n", ("$n", count));
    }

    /// <summary>
    /// The events of a session, word for word, that no summary covers yet and that lie before <paramref name="beforeSeq"/>.
    /// A forgotten summary still counts: its events stay recallable word for word, and are not summarised again (the
    /// same words would bring back what the user forgot).
    /// </summary>
    public IReadOnlyList<MemoryEntry> Unsummarised(string sessionId, long beforeSeq)
    {
        using var connection = Open();
        return Query(
            connection,
            """
            SELECT * FROM mneme_memories e
            WHERE e.session_id = $s AND e.kind = 0 AND e.forgotten_at IS NULL AND e.from_seq < $before
              AND NOT EXISTS (SELECT 1 FROM mneme_memories s WHERE s.session_id = e.session_id AND s.kind IN (1, 2)
                              AND e.from_seq BETWEEN s.from_seq AND s.to_seq)
            ORDER BY e.from_seq
            """,
            ("$s", sessionId),
            ("$before", beforeSeq));
    }

    /// <summary>Level-1 summaries that no level-2 digest covers yet (a forgotten one still covers), oldest first.</summary>
    public IReadOnlyList<MemoryEntry> Undigested(string sessionId)
    {
        using var connection = Open();
        return Query(
            connection,
            """
            SELECT * FROM mneme_memories s
            WHERE s.session_id = $s AND s.kind = 1 AND s.forgotten_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM mneme_memories d WHERE d.session_id = s.session_id AND d.kind = 2
                              AND s.from_seq BETWEEN d.from_seq AND d.to_seq)
            ORDER BY s.from_seq
            """,
            ("$s", sessionId));
    }

    /// <summary>
    /// How far each session's events have left its viewport: Mneme summarises up to there, and catches up after a
    /// restart. With <paramref name="streamSeq"/> the mark comes from Mneme's stream (journaled): saved as applied, and
    /// as journaled, in the same transaction; without it the mark is the file's alone until
    /// <see cref="UnjournaledEvictions"/> hands it to the stream.
    /// </summary>
    public void MarkEvicted(string sessionId, long beforeSeq, long? streamSeq = null)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Execute(
            connection,
            """
            INSERT INTO mneme_evicted(session_id, before_seq, journaled) VALUES ($s, $b, $j)
            ON CONFLICT(session_id) DO UPDATE SET before_seq = max(before_seq, excluded.before_seq), journaled = max(journaled, excluded.journaled)
            """,
            ("$s", sessionId),
            ("$b", beforeSeq),
            ("$j", streamSeq is null ? 0 : beforeSeq));
        if (streamSeq is { } seq)
        {
            MarkApplied(connection, seq);
        }

        transaction.Commit();
    }

    public IReadOnlyDictionary<string, long> Evicted()
    {
        using var connection = Open();
        return EvictionMarks(connection, "SELECT session_id, before_seq FROM mneme_evicted");
    }

    /// <summary>
    /// The eviction marks this file holds further than Mneme's stream says (a file from before evictions were
    /// journaled, or a mark written while the stream's writer was down): the stream takes them at its next start.
    /// </summary>
    public IReadOnlyDictionary<string, long> UnjournaledEvictions()
    {
        using var connection = Open();
        return EvictionMarks(connection, "SELECT session_id, before_seq FROM mneme_evicted WHERE before_seq > journaled");
    }

    private static Dictionary<string, long> EvictionMarks(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var evicted = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            evicted[reader.GetString(0)] = reader.GetInt64(1);
        }

        return evicted;
    }

    /// <summary>Forgets memory <paramref name="id"/> of this file (see the other overload); null when there is none with that id.</summary>
    public (MemoryEntry Memory, int Summaries)? Forget(long id, string by) =>
        Get(id) is { } memory ? Forget(memory.Key, by, DateTimeOffset.UtcNow) : null;

    /// <summary>
    /// Forgets a memory everywhere: out of recall (its words and vector are erased, a tombstone stays so neither the
    /// bus nor the journal brings it back) and out of every summary that held it (those are dropped, and their other
    /// events summarised again). A memory not (yet) in the file gets its tombstone all the same: a file made again
    /// from the journal may read the forget before the message. Recorded, with when, in <c>mneme_forgotten</c>; with
    /// <paramref name="streamSeq"/>, the event of Mneme's stream it comes from is saved as applied.
    /// </summary>
    /// <returns>The memory forgotten, and how many summaries went with it; null when it was forgotten already or not there.</returns>
    public (MemoryEntry Memory, int Summaries)? Forget(MemoryKey key, string by, DateTimeOffset at, long? streamSeq = null)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var when = at.ToString("O", CultureInfo.InvariantCulture);
        var (memory, forgotten) = Find(connection, key);
        if (memory is null)
        {
            Execute(
                connection,
                """
                INSERT INTO mneme_memories(session_id, kind, from_seq, to_seq, text, at, levels, salience, feeling, embedding, forgotten_at)
                VALUES ($s, $k, $f, $t, '', $at, '{}', 0, '', NULL, $at)
                """,
                ("$s", key.SessionId), ("$k", (int)key.Kind), ("$f", key.FromSeq), ("$t", key.ToSeq), ("$at", when));
            Execute(connection, "INSERT INTO mneme_forgotten(memory_id, session_id, kind, from_seq, to_seq, at, by) VALUES (last_insert_rowid(), $s, $k, $f, $t, $at, $by)",
                ("$s", key.SessionId), ("$k", (int)key.Kind), ("$f", key.FromSeq), ("$t", key.ToSeq), ("$at", when), ("$by", by));
        }

        if (memory is null || forgotten)
        {
            if (streamSeq is { } applied)
            {
                MarkApplied(connection, applied);
            }

            transaction.Commit();
            return null;
        }

        // What summarises it, a level up: a message is in summaries and digests, a summary in digests. A pin or a
        // digest is in none (a pin's range is a moment, not events: an overlap would take every later summary).
        var covering = memory.Kind switch
        {
            MemoryKind.Event => Covering(connection, memory, "1, 2"),
            MemoryKind.Summary => Covering(connection, memory, "2"),
            _ => [],
        };

        // The memory's words leave the index here; the summaries' leave with their rows (the delete trigger).
        Execute(connection, "INSERT INTO mneme_fts(mneme_fts, rowid, text) VALUES ('delete', $id, $text)", ("$id", memory.Id), ("$text", memory.Text));
        foreach (var gone in covering.Append(memory))
        {
            Execute(connection, "INSERT INTO mneme_forgotten(memory_id, session_id, kind, from_seq, to_seq, at, by) VALUES ($id, $s, $k, $f, $t, $at, $by)",
                ("$id", gone.Id), ("$s", gone.SessionId), ("$k", (int)gone.Kind), ("$f", gone.FromSeq), ("$t", gone.ToSeq), ("$at", when), ("$by", gone.Id == memory.Id ? by : "covered #" + memory.Id));
        }

        // The memory stays as a tombstone (its event must not come back; a forgotten summary is not made again); the
        // summaries that held it go, so they can be made again without it.
        Execute(connection, "UPDATE mneme_memories SET text = '', embedding = NULL, levels = '{}', forgotten_at = $at WHERE id = $id", ("$at", when), ("$id", memory.Id));
        foreach (var summary in covering)
        {
            Execute(connection, "DELETE FROM mneme_memories WHERE id = $id", ("$id", summary.Id));
        }

        // Counted, so every process's vectors in memory are read again (a forget removes rows, not only adds).
        Execute(connection, "INSERT INTO mneme_forgets(id, forgets) VALUES (1, 1) ON CONFLICT(id) DO UPDATE SET forgets = forgets + 1");
        if (streamSeq is { } seq)
        {
            MarkApplied(connection, seq);
        }

        transaction.Commit();
        return (memory, covering.Count);
    }

    /// <summary>The memory with this key, forgotten or not.</summary>
    private static (MemoryEntry? Memory, bool Forgotten) Find(SqliteConnection connection, MemoryKey key)
    {
        var found = Query(
            connection,
            "SELECT * FROM mneme_memories WHERE session_id = $s AND kind = $k AND from_seq = $f AND to_seq = $t",
            ("$s", key.SessionId), ("$k", (int)key.Kind), ("$f", key.FromSeq), ("$t", key.ToSeq)).FirstOrDefault();
        if (found is null)
        {
            return (null, false);
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT forgotten_at IS NOT NULL FROM mneme_memories WHERE id = $id";
        command.Parameters.AddWithValue("$id", found.Id);
        return (found, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1);
    }

    private static List<MemoryEntry> Covering(SqliteConnection connection, MemoryEntry memory, string kinds) =>
        Query(
            connection,
            $"SELECT * FROM mneme_memories WHERE session_id = $s AND kind IN ({kinds}) AND forgotten_at IS NULL AND from_seq <= $from AND to_seq >= $to",
            ("$s", memory.SessionId),
            ("$from", memory.FromSeq),
            ("$to", memory.ToSeq));

    /// <summary>Rebuilds the keyword index from the memories themselves.</summary>
    public void RebuildIndex()
    {
        using var connection = Open();
        Execute(connection, "INSERT INTO mneme_fts(mneme_fts) VALUES ('rebuild')");
    }

    /// <summary>How many memories there are (forgotten ones not counted).</summary>
    public int Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM mneme_memories WHERE forgotten_at IS NULL";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The memories closest to <paramref name="query"/> by words (BM25) and by meaning (cosine), fused; each fused score is
    /// weighed by salience and recency. <paramref name="exclude"/> leaves out what the caller already has in view.
    /// </summary>
    public IReadOnlyList<RecalledMemory> Search(string query, int limit, Func<MemoryEntry, bool>? exclude = null, SearchMode mode = SearchMode.Both)
    {
        // The two searches side by side: the query's embedding (the longer) on this thread, the words on another core.
        var keywordSearch = mode == SearchMode.Meaning ? Task.FromResult(new List<long>()) : Task.Run(() => KeywordSearch(query));
        var meaning = mode == SearchMode.Keywords ? [] : MeaningSearch(query);
        var keyword = keywordSearch.GetAwaiter().GetResult();
        var fused = new Dictionary<long, (double Score, int? KeywordRank, int? MeaningRank, double Similarity)>();
        for (var i = 0; i < keyword.Count; i++)
        {
            fused[keyword[i]] = (1.0 / (FusionK + i + 1), i, null, 0);
        }

        for (var i = 0; i < meaning.Count; i++)
        {
            var (id, similarity) = meaning[i];
            fused[id] = fused.TryGetValue(id, out var f)
                ? (f.Score + 1.0 / (FusionK + i + 1), f.KeywordRank, i, similarity)
                : (1.0 / (FusionK + i + 1), null, i, similarity);
        }

        if (fused.Count == 0)
        {
            return [];
        }

        using var connection = Open();
        var entries = Query(connection, $"SELECT * FROM mneme_memories WHERE forgotten_at IS NULL AND id IN ({string.Join(',', fused.Keys)})");
        var now = DateTimeOffset.UtcNow;
        return [.. entries
            .Where(e => exclude?.Invoke(e) != true)
            .Select(e =>
            {
                var f = fused[e.Id];
                var ageDays = Math.Max(0, (now - e.At).TotalDays);
                var weight = (1 + (0.5 * e.Salience)) * (1 + (0.2 * Math.Exp(-ageDays / 30)));
                return new RecalledMemory(e, f.Score * weight, f.KeywordRank, f.MeaningRank, f.Similarity);
            })
            .OrderByDescending(r => r.Score)
            .Take(limit)];
    }

    private List<long> KeywordSearch(string query)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }

        using var connection = Open();

        // A word in hundreds of memories says little (its BM25 weight is low) and costs much: ranking an OR with it
        // scores every memory it is in (10,000 memories, a word in all: 13 ms). Such words are left out when rarer
        // ones are there; a question of common words only asks for all of them together.
        var rare = terms.Where(t => Matches(connection, t) <= CommonAfter).ToList();
        var match = rare.Count > 0
            ? string.Join(" OR ", rare.Select(Phrase))
            : string.Join(" AND ", terms.Select(Phrase));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM mneme_fts WHERE mneme_fts MATCH $q ORDER BY bm25(mneme_fts) LIMIT $n";
        command.Parameters.AddWithValue("$q", match);
        command.Parameters.AddWithValue("$n", Candidates);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static string Phrase(string term) => "\"" + term + "\"";

    /// <summary>How many memories hold a word, counted up to one past <see cref="CommonAfter"/> (unranked: cheap).</summary>
    private static int Matches(SqliteConnection connection, string term)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM (SELECT rowid FROM mneme_fts WHERE mneme_fts MATCH $q LIMIT $n)";
        command.Parameters.AddWithValue("$q", Phrase(term));
        command.Parameters.AddWithValue("$n", CommonAfter + 1);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The words worth searching for: letters and digits, lower case, without the commonest English words.</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (c is '\'' or '’')
            {
                continue; // "what's" is one word, as the tokenizer of the index also reads it apart: both are stop words
            }

            if (word.Length > 1 && !StopWords.Contains(word.ToString()) && !terms.Contains(word.ToString()))
            {
                terms.Add(word.ToString());
            }

            word.Clear();
        }

        return terms;
    }

    private List<(long Id, double Similarity)> MeaningSearch(string query)
    {
        var vectors = LoadVectors();
        if (vectors.Count == 0 || string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var q = _encoder.Encode([query])[0];
        var dimensions = q.Length;
        var best = new PriorityQueue<(long, double), double>();
        for (var row = 0; row < vectors.Count; row++)
        {
            var similarity = Dot(q, vectors.Matrix.AsSpan(row * dimensions, dimensions));
            if (similarity < MeaningFloor)
            {
                continue;
            }

            best.Enqueue((vectors.Ids[row], similarity), similarity);
            if (best.Count > Candidates)
            {
                best.Dequeue();
            }
        }

        var found = new List<(long, double)>(best.Count);
        while (best.Count > 0)
        {
            found.Add(best.Dequeue());
        }

        found.Reverse();
        return found;
    }

    /// <summary>The vectors are of unit length: their dot product is their cosine.</summary>
    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = System.Numerics.Vector<float>.Count;
        var sum = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        }

        var dot = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    /// <summary>
    /// The vectors in memory, kept current: a commit by any connection (ours too) moves <c>PRAGMA data_version</c> on
    /// the store's own long-lived connection; then only memories newer than those held are read, unless something was
    /// forgotten (<c>mneme_forgets</c> moved), which reads them all again. A turn's recall after Mneme wrote its
    /// message reads one or two rows, not 10,000.
    /// </summary>
    private Vectors LoadVectors()
    {
        lock (_vectorsGate)
        {
            _watch ??= Open();
            var version = Scalar(_watch, "PRAGMA data_version");
            if (_vectors is not null && version == _dataVersion)
            {
                return _vectors;
            }

            _dataVersion = version;
            var forgets = Scalar(_watch, "SELECT COALESCE((SELECT forgets FROM mneme_forgets WHERE id = 1), 0)");
            var held = _vectors is not null && forgets == _forgets ? _vectors : Vectors.Empty;
            _forgets = forgets;
            using var command = _watch.CreateCommand();
            command.CommandText = "SELECT id, embedding FROM mneme_memories WHERE id > $after AND forgotten_at IS NULL AND embedding IS NOT NULL ORDER BY id";
            command.Parameters.AddWithValue("$after", held.Count == 0 ? 0 : held.Ids[held.Count - 1]);
            using var reader = command.ExecuteReader();
            var dimensions = _encoder.Dimensions;
            var grown = held;
            while (reader.Read())
            {
                var blob = (byte[])reader.GetValue(1);
                if (blob.Length != dimensions * sizeof(float))
                {
                    continue;
                }

                grown = grown.Append(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(blob));
            }

            _vectors = grown;
            return _vectors;
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private SqliteConnection Open()
    {
        var connection = SqliteDatabase.Open(_connectionString);
        return connection;
    }

    private void Migrate()
    {
        if (!OperatingSystem.IsWindows() && !System.IO.File.Exists(File))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(File))!);
            using (new FileStream(File, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
            }
        }

        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS mneme_memories(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id TEXT NOT NULL,
              kind INTEGER NOT NULL,
              from_seq INTEGER NOT NULL,
              to_seq INTEGER NOT NULL,
              text TEXT NOT NULL,
              at TEXT NOT NULL,
              levels TEXT NOT NULL,
              salience REAL NOT NULL,
              feeling TEXT NOT NULL DEFAULT '',
              embedding BLOB,
              forgotten_at TEXT,
              UNIQUE(session_id, kind, from_seq, to_seq));
            CREATE INDEX IF NOT EXISTS mneme_by_session ON mneme_memories(session_id, kind, from_seq);
            CREATE INDEX IF NOT EXISTS mneme_by_kind ON mneme_memories(kind, id);
            CREATE VIRTUAL TABLE IF NOT EXISTS mneme_fts USING fts5(text, content='mneme_memories', content_rowid='id', tokenize='porter unicode61');
            CREATE TRIGGER IF NOT EXISTS mneme_indexed AFTER INSERT ON mneme_memories BEGIN
              INSERT INTO mneme_fts(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER IF NOT EXISTS mneme_unindexed AFTER DELETE ON mneme_memories WHEN old.forgotten_at IS NULL BEGIN
              INSERT INTO mneme_fts(mneme_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TABLE IF NOT EXISTS mneme_evicted(session_id TEXT PRIMARY KEY, before_seq INTEGER NOT NULL, journaled INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS mneme_forgets(id INTEGER PRIMARY KEY CHECK (id = 1), forgets INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS mneme_journal(id INTEGER PRIMARY KEY CHECK (id = 1), read_to INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS mneme_stream(id INTEGER PRIMARY KEY CHECK (id = 1), applied_to INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS mneme_forgotten(
              memory_id INTEGER NOT NULL, session_id TEXT NOT NULL, kind INTEGER NOT NULL,
              from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL);
            """);

        // A file from before evictions were journaled: every mark it holds is the file's alone (journaled 0).
        if (Scalar(connection, "SELECT count(*) FROM pragma_table_info('mneme_evicted') WHERE name = 'journaled'") == 0)
        {
            try
            {
                Execute(connection, "ALTER TABLE mneme_evicted ADD COLUMN journaled INTEGER NOT NULL DEFAULT 0");
            }
            catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.Ordinal))
            {
                // another process (`anima memory` beside the brain) added it a moment before
            }
        }

        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (!OperatingSystem.IsWindows() && System.IO.File.Exists(File + suffix))
            {
                System.IO.File.SetUnixFileMode(File + suffix, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static List<MemoryEntry> Query(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var entries = new List<MemoryEntry>();
        while (reader.Read())
        {
            entries.Add(new MemoryEntry(
                reader.GetInt64(reader.GetOrdinal("id")),
                reader.GetString(reader.GetOrdinal("session_id")),
                (MemoryKind)reader.GetInt32(reader.GetOrdinal("kind")),
                reader.GetInt64(reader.GetOrdinal("from_seq")),
                reader.GetInt64(reader.GetOrdinal("to_seq")),
                reader.GetString(reader.GetOrdinal("text")),
                DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal("at")), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(reader.GetOrdinal("levels"))) ?? [],
                reader.GetDouble(reader.GetOrdinal("salience")),
                reader.GetString(reader.GetOrdinal("feeling"))));
        }

        return entries;
    }

    /// <summary>
    /// The first <see cref="Count"/> rows of arrays that grow by doubling: a new memory is written after them, in place,
    /// so a search holding an older <see cref="Vectors"/> reads what it read before, and a turn's recall after Mneme
    /// wrote its message no longer copies every vector (at 10,000 memories 15 MB twice a turn, and the GC's work after).
    /// </summary>
    private sealed record Vectors(long[] Ids, float[] Matrix, int Count)
    {
        public static readonly Vectors Empty = new([], [], 0);

        public Vectors Append(long id, ReadOnlySpan<float> vector)
        {
            var (ids, matrix) = (Ids, Matrix);
            if (Count == ids.Length)
            {
                var capacity = Math.Max(256, Count * 2);
                Array.Resize(ref ids, capacity);
                Array.Resize(ref matrix, capacity * vector.Length);
            }

            ids[Count] = id;
            vector.CopyTo(matrix.AsSpan(Count * vector.Length));
            return new Vectors(ids, matrix, Count + 1);
        }
    }
}
