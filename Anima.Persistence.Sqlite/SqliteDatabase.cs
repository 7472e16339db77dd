using Microsoft.Data.Sqlite;

namespace Anima.Persistence.Sqlite;

/// <summary>A journal's SQLite file: how it is opened, by the plugin and by whoever keeps tables of its own beside it.</summary>
public static class SqliteDatabase
{
    public static string ConnectionString(string file) => $"Data Source={file};Default Timeout=30";

    /// <summary>
    /// Makes the file's folder and puts the file in WAL mode, which lets readers run beside the one writer; the
    /// mode is stored in the file, so this only has to happen once, but it is cheap to repeat.
    /// </summary>
    public static void Prepare(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        using var connection = new SqliteConnection(ConnectionString(file));
        connection.Open();
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
