using Anima.Actors.Sessions;
using Anima.Messages.Clients;
using Anima.Persistence.Sqlite;
using Anima.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Anima.Tests.Sessions;

/// <summary>The session list's table in the brain's file, and the files of brains from before.</summary>
public sealed class SessionIndexStoreSpecs : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _home.Dispose();
    }

    [Fact]
    public async Task A_list_written_before_sessions_had_a_directory_is_kept_and_gains_the_column()
    {
        Directory.CreateDirectory(_home.Root);
        var connectionString = SqliteDatabase.ConnectionString(Path.Combine(_home.Root, "anima.db"));
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var old = connection.CreateCommand();
            old.CommandText = """
                CREATE TABLE anima_session_index (session_id TEXT PRIMARY KEY, title TEXT NOT NULL, message_count INTEGER NOT NULL,
                  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_seq INTEGER NOT NULL, open_turn INTEGER NOT NULL DEFAULT 0);
                INSERT INTO anima_session_index VALUES ('old1', 'from before', 3, '2026-11-24T09:30:00+00:00', '2026-11-24T09:31:00+00:00', 4, 0);
                """;
            old.ExecuteNonQuery();
        }

        var store = new SessionIndexStore(connectionString);
        store.EnsureCreated();
        var before = Assert.Single(store.Load().Sessions).Summary;
        var at = DateTimeOffset.UtcNow;
        await store.SaveAsync([new IndexRow(new SessionSummary("new1", "now", 1, at, at, 1, "/home/user/project"), false)], 5);

        Assert.Equal(("old1", "from before", 4L, null), (before.SessionId, before.Title, before.LastSeq, before.WorkingDirectory));
        Assert.Equal("/home/user/project", store.Load().Sessions.Single(s => s.Summary.SessionId == "new1").Summary.WorkingDirectory);
        store.EnsureCreated(); // again: nothing to add
    }
}
