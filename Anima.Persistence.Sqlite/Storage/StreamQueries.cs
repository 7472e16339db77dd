namespace Anima.Persistence.Sqlite.Storage;

/// <summary>
/// How a stream's events are found. An index on the events table itself would be updated by every commit
/// at one page per stream writing (a hundred streams interleave their streams in the table), which was
/// most of what the writer wrote to the WAL. Instead the writer brings <c>anima_stream_index</c> up to date
/// in bulk, sorted, every so many events and whenever writes pause (<see cref="GroupCommitWriter"/>); events
/// above <c>anima_stream_index_upto</c> are not in it yet and are found by scanning those newest rows.
/// </summary>
internal static class StreamQueries
{
    /// <summary>Puts every event above the index's mark into it, and moves the mark to the newest event.</summary>
    public const string IndexNewest = """
        INSERT OR IGNORE INTO anima_stream_index (persistence_id, sequence_nr, ordering)
          SELECT persistence_id, sequence_nr, ordering FROM anima_events
          WHERE ordering > (SELECT ordering FROM anima_stream_index_upto)
          ORDER BY persistence_id, sequence_nr;
        UPDATE anima_stream_index_upto SET ordering = max(ordering, COALESCE((SELECT MAX(ordering) FROM anima_events), 0));
        """;

    /// <summary>The highest sequence number <c>$pid</c> has had, deleted events included (0 for none).</summary>
    public const string Highest = $"""
        SELECT COALESCE(MAX(n), 0) FROM (
          {HighestIndexedParts}
          UNION ALL SELECT MAX(sequence_nr) FROM anima_events
            WHERE ordering > (SELECT ordering FROM anima_stream_index_upto) AND persistence_id = $pid)
        """;

    /// <summary>
    /// <see cref="Highest"/> without the newest rows, for the writer: a start indexes whatever the last writer
    /// left, so every event above the mark is one this writer wrote, and it remembers those itself. It spares
    /// the writer a scan of the newest rows for each stream it writes first.
    /// </summary>
    public const string HighestIndexed = $"SELECT COALESCE(MAX(n), 0) FROM ({HighestIndexedParts})";

    private const string HighestIndexedParts = """
        SELECT MAX(sequence_nr) AS n FROM anima_stream_index WHERE persistence_id = $pid
          UNION ALL SELECT sequence_nr FROM anima_highest_sequence WHERE persistence_id = $pid
        """;

    /// <summary>The ordering of each of <c>$pid</c>'s events up to <c>$to</c>, once <see cref="IndexNewest"/> has run.</summary>
    public const string Orderings = "SELECT ordering FROM anima_stream_index WHERE persistence_id = $pid AND sequence_nr <= $to";

    /// <summary>
    /// <c>$pid</c>'s events from <c>$from</c> to <c>$to</c> in sequence order, at most <paramref name="limit"/>
    /// (a literal or a parameter), selected as <see cref="EventCodec.Columns"/>. The indexed part selects its key
    /// from the index, so SQLite sees it is already in order and merges the two parts, reading no further
    /// than the limit (with the key from the events table it sorted the whole rest of the stream for each page).
    /// </summary>
    public static string Events(string limit) => $"""
        SELECT s.ordering, s.persistence_id, s.sequence_nr, {EventCodec.ColumnsAfterKey}
        FROM anima_stream_index s JOIN anima_events e ON e.ordering = s.ordering
        WHERE s.persistence_id = $pid AND s.sequence_nr BETWEEN $from AND $to
        UNION ALL
        SELECT {EventCodec.Columns} FROM anima_events e
        WHERE e.ordering > (SELECT ordering FROM anima_stream_index_upto) AND e.persistence_id = $pid AND e.sequence_nr BETWEEN $from AND $to
        ORDER BY sequence_nr LIMIT {limit}
        """;
}
