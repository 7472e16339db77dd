using Anima.Actors.Faults;
using Anima.Persistence.Sqlite;

namespace Anima.Actors.Configuration;

/// <summary>
/// The brain's SQLite file, checked before the brain relies on it. A folder it may not write, a full disk, a file that
/// is not SQLite or is cut short: one clear <see cref="BrainStateException"/> saying what and what to do, instead of
/// an exception deep in the actor system (exit 134, or on a full disk an actor failing and restarting in a loop).
/// </summary>
public static class DatabasePreflight
{
    /// <summary>Below this much free space a brain does not start: its first writes would fail.</summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    /// <summary>Checks the file, then has the journal prepare it (<see cref="SqliteDatabase.Prepare"/>: WAL mode), then reads its schema.</summary>
    public static void Prepare(string file)
    {
        try
        {
            var folder = Path.GetDirectoryName(file)!;
            Directory.CreateDirectory(folder);
            EnsureWritable(folder);
            if (FreeBytes(folder) is { } free && free < MinimumFreeBytes)
            {
                throw new BrainStateException(
                    $"{StorageFault.DiskFull(file).Sentence} The brain needs at least {MinimumFreeBytes / 1024 / 1024} MB free to start ({free / 1024} KB are).");
            }

            CheckLength(file);
            SqliteDatabase.Prepare(file);
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteDatabase.ConnectionString(file));
            connection.Open();
            using var schema = connection.CreateCommand();
            schema.CommandText = "SELECT count(*) FROM sqlite_master";
            schema.ExecuteScalar();
        }
        catch (Exception ex) when (ex is not BrainStateException && StorageFault.From(ex, file) is { } fault)
        {
            throw new BrainStateException(fault.Sentence, ex);
        }
    }

    /// <summary>Free bytes on the file system holding <paramref name="folder"/>; null where it cannot be told.</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A read-only mount or a folder of someone else's fails here, with the path, not later in the journal.</summary>
    private static void EnsureWritable(string folder)
    {
        var probe = Path.Combine(folder, $".write-check-{Environment.ProcessId}");
        using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    /// <summary>
    /// A file shorter than its header says (a copy cut short, a full disk during a copy) fails on some read, some
    /// time later; SQLite does not look at the length when it opens one.
    /// </summary>
    private static void CheckLength(string file)
    {
        if (!File.Exists(file))
        {
            return;
        }

        Span<byte> header = stackalloc byte[100];
        long length;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = stream.Length;
            if (length < header.Length || stream.Read(header) < header.Length || !header[..16].SequenceEqual("SQLite format 3\0"u8))
            {
                if (length > 0)
                {
                    throw new BrainStateException(StorageFault.NotADatabase(file).Sentence);
                }

                return;
            }
        }

        var pageSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(header[16..]) is var size and not 1 ? size : 65536;
        var pages = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        var sizeValid = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[24..]) == System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[92..]);
        if (sizeValid && pages > 0 && length < (long)pageSize * pages)
        {
            throw new BrainStateException(StorageFault.Damaged(
                file, $"{length:N0} bytes long where its header says {(long)pageSize * pages:N0}: cut short by a copy or a full disk?").Sentence);
        }
    }
}
