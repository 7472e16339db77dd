using Anima.Messages.Clients;
using Anima.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Anima.Actors.Sessions;

/// <summary>
/// Where the session list projection keeps its rows and how far into the journal it has read,
/// in the brain's own SQLite file, so a restart resumes instead of re-reading every event.
/// </summary>
public sealed class SessionIndexStore(string connectionString)
{
    public void EnsureCreated()
    {
        using var connection = Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS anima_session_index (
              session_id TEXT PRIMARY KEY,
              title TEXT NOT NULL,
              message_count INTEGER NOT NULL,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              last_seq INTEGER NOT NULL,
              open_turn INTEGER NOT NULL DEFAULT 0,
              working_directory TEXT);
            CREATE TABLE IF NOT EXISTS anima_projection_offset (
              projection TEXT PRIMARY KEY,
              offset INTEGER NOT NULL);
            """);

        // A list written before sessions had a directory: the column is added, and stays empty for those sessions.
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT count(*) FROM pragma_table_info('anima_session_index') WHERE name = 'working_directory'";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            Execute(connection, "ALTER TABLE anima_session_index ADD COLUMN working_directory TEXT");
        }
    }

    public (IReadOnlyList<IndexRow> Sessions, long Offset) Load()
    {
        using var connection = Open();
        var sessions = new List<IndexRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT session_id, title, message_count, created_at, updated_at, last_seq, open_turn, working_directory FROM anima_session_index";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sessions.Add(new IndexRow(
                    new SessionSummary(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.GetInt32(2),
                        DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture),
                        DateTimeOffset.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
                        reader.GetInt64(5),
                        reader.IsDBNull(7) ? null : reader.GetString(7)),
                    reader.GetInt64(6) != 0));
            }
        }

        using var offset = connection.CreateCommand();
        offset.CommandText = "SELECT offset FROM anima_projection_offset WHERE projection = 'session-index'";
        return (sessions, offset.ExecuteScalar() is long value ? value : 0);
    }

    /// <summary>Rows and offset in one transaction: the list never runs ahead of, or behind, its offset.</summary>
    public Task SaveAsync(IReadOnlyCollection<IndexRow> changed, long offset) => Task.Run(() =>
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using (var upsert = connection.CreateCommand())
        {
            upsert.CommandText = """
                INSERT INTO anima_session_index (session_id, title, message_count, created_at, updated_at, last_seq, open_turn, working_directory)
                VALUES ($id, $title, $count, $created, $updated, $seq, $open, $directory)
                ON CONFLICT(session_id) DO UPDATE SET title = $title, message_count = $count,
                  created_at = $created, updated_at = $updated, last_seq = $seq, open_turn = $open, working_directory = $directory
                """;
            var id = upsert.Parameters.Add("$id", SqliteType.Text);
            var title = upsert.Parameters.Add("$title", SqliteType.Text);
            var count = upsert.Parameters.Add("$count", SqliteType.Integer);
            var created = upsert.Parameters.Add("$created", SqliteType.Text);
            var updated = upsert.Parameters.Add("$updated", SqliteType.Text);
            var seq = upsert.Parameters.Add("$seq", SqliteType.Integer);
            var open = upsert.Parameters.Add("$open", SqliteType.Integer);
            var directory = upsert.Parameters.Add("$directory", SqliteType.Text);
            foreach (var (summary, openTurn) in changed)
            {
                open.Value = openTurn ? 1 : 0;
                id.Value = summary.SessionId;
                title.Value = summary.Title;
                count.Value = summary.MessageCount;
                created.Value = summary.CreatedAt.ToString("O");
                updated.Value = summary.UpdatedAt.ToString("O");
                seq.Value = summary.LastSeq;
                directory.Value = (object?)summary.WorkingDirectory ?? DBNull.Value;
                upsert.ExecuteNonQuery();
            }
        }

        using (var save = connection.CreateCommand())
        {
            save.CommandText = """
                INSERT INTO anima_projection_offset (projection, offset) VALUES ('session-index', $offset)
                ON CONFLICT(projection) DO UPDATE SET offset = $offset
                """;
            save.Parameters.AddWithValue("$offset", offset);
            save.ExecuteNonQuery();
        }

        transaction.Commit();
    });

    private SqliteConnection Open()
    {
        var connection = SqliteDatabase.Open(connectionString);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A session list row, and whether its stream ends mid-turn.</summary>
public sealed record IndexRow(SessionSummary Summary, bool OpenTurn);
