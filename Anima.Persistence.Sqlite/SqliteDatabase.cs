using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite;

/// <summary>A journal's SQLite file: how it is opened, by the plugin and by whoever keeps tables of its own beside it.</summary>
public static class SqliteDatabase
{
    public static string ConnectionString(string file) => $"Data Source={file};Default Timeout=30";

    /// <summary>
    /// Opens a connection that, finding another writer on the file, waits inside SQLite (1, 2, 5… ms) instead of in
    /// Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms at a time: the journal shares its file with the usage
    /// ledger and the session list, and each collision cost a turn 150 ms (p99 of post → ack 152 ms).
    /// </summary>
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 30000;");
        return connection;
    }

    /// <summary>
    /// Makes the file's folder and puts the file in WAL mode, which lets readers run beside the one writer; the
    /// mode is stored in the file, so this only has to happen once, but it is cheap to repeat.
    /// </summary>
    public static void Prepare(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        using var connection = Open(ConnectionString(file));
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
