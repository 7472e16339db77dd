using Microsoft.Data.Sqlite;

namespace Anima.Actors.Faults;

/// <summary>
/// What went wrong with the brain's state on disk, told the way a user can act on: <see cref="Problem"/> says what
/// happened, <see cref="Remedy"/> what to do. Built from whatever the journal, the session list or the start-up
/// checks threw (SQLite's result codes, file system errors); <see cref="Kind"/> groups faults for logging.
/// </summary>
public sealed record StorageFault(StorageFaultKind Kind, string Problem, string Remedy)
{
    // SQLite's primary result codes (sqlite3.h).
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    // Extended: the file was unlinked or renamed under an open connection (SQLITE_READONLY_DBMOVED).
    private const int SqliteReadOnlyDbMoved = SqliteReadOnly | (4 << 8);

    /// <summary>"The disk is full: … Free …" — one sentence each, as a system message shows it.</summary>
    public string Sentence => $"{Capitalize(Problem)}. {Capitalize(Remedy)}.";

    /// <summary>The fault in <paramref name="error"/> or what caused it, when it is one of the disk's or the file's; null otherwise.</summary>
    public static StorageFault? From(Exception error, string databaseFile)
    {
        for (var ex = error; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SqliteException sqlite:
                    return FromSqlite(sqlite, databaseFile);
                case UnauthorizedAccessException:
                    return NotWritable(databaseFile);
                case IOException io when io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) || io.HResult == 28:
                    return DiskFull(databaseFile);
                case IOException io when io.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase):
                    return ReadOnly(databaseFile);
                case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                    return From(aggregate.InnerExceptions[0], databaseFile);
            }
        }

        return null;
    }

    /// <summary>Anything else: said as it is, with where to look.</summary>
    public static StorageFault Unexpected(Exception error, string databaseFile) => new(
        StorageFaultKind.Other,
        $"saving to {databaseFile} failed ({error.GetBaseException().Message})",
        "see the brain's log for details");

    public static StorageFault DiskFull(string databaseFile) => new(
        StorageFaultKind.DiskFull,
        $"the disk is full: {databaseFile} cannot grow",
        $"free some space on the disk that holds it (df -h {Folder(databaseFile)})");

    public static StorageFault Missing(string databaseFile) => new(
        StorageFaultKind.Moved,
        $"{databaseFile} was deleted or moved while the brain was running",
        "put the file back, or restart the brain to start a new one ('./anima start'; systemctl --user restart anima)");

    public static StorageFault NotADatabase(string databaseFile) => new(
        StorageFaultKind.NotADatabase,
        $"{databaseFile} is not a SQLite database",
        "move it away (the brain then starts a new, empty one) or put back the right file");

    /// <param name="how">What is wrong with it, in a few words.</param>
    public static StorageFault Damaged(string databaseFile, string how) => new(
        StorageFaultKind.Corrupt,
        $"{databaseFile} is damaged ({how})",
        $"restore it from a backup, or move it away and recover what SQLite can read: sqlite3 {databaseFile}.damaged .recover | sqlite3 {databaseFile}");

    private static StorageFault FromSqlite(SqliteException sqlite, string databaseFile) =>
        sqlite.SqliteExtendedErrorCode == SqliteReadOnlyDbMoved
            ? Missing(databaseFile)
            : sqlite.SqliteErrorCode switch
            {
                SqliteFull => DiskFull(databaseFile),
                SqliteReadOnly => ReadOnly(databaseFile),
                SqliteCantOpen => NotWritable(databaseFile),
                SqliteNotADatabase => NotADatabase(databaseFile),
                SqliteCorrupt => Damaged(databaseFile, "SQLite says: database disk image is malformed"),
                SqliteIoError => new StorageFault(
                    StorageFaultKind.Io,
                    $"the disk failed to read or write {databaseFile} ({sqlite.Message})",
                    "check the disk (dmesg, df -h) and start the brain again"),
                _ => new StorageFault(StorageFaultKind.Other, $"the database {databaseFile} failed: {sqlite.Message}", "see the brain's log for details"),
            };

    private static StorageFault ReadOnly(string databaseFile) => new(
        StorageFaultKind.ReadOnly,
        $"{databaseFile} is read-only (the file, its folder or its file system)",
        $"make {Folder(databaseFile)} writable for the user the brain runs as, or point ANIMA_HOME at a writable folder");

    private static StorageFault NotWritable(string databaseFile) => new(
        StorageFaultKind.ReadOnly,
        $"the brain cannot open or create {databaseFile}",
        $"check that {Folder(databaseFile)} exists and that the user the brain runs as may write there, or point ANIMA_HOME at a writable folder");

    private static string Folder(string file) => Path.GetDirectoryName(file) is { Length: > 0 } folder ? folder : ".";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
