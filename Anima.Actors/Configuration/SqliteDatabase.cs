using Microsoft.Data.Sqlite;

namespace Anima.Actors.Configuration;

/// <summary>Prepares the brain's SQLite file before the journal opens it.</summary>
public static class SqliteDatabase
{
    public static string ConnectionString(string file) => $"Data Source={file};Default Timeout=30";

    /// <summary>
    /// WAL lets readers (history, the session list) run beside the one writer; the mode is stored in
    /// the file, so this only has to happen once, but it is cheap to repeat.
    /// </summary>
    public static void Prepare(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var connection = new SqliteConnection(ConnectionString(file));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
