using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// A file written whole or not at all: the text goes to a temporary file beside it, is flushed to disk, and is then
/// renamed over the target (a rename within one folder is atomic). A reader never sees half a file, and a crash
/// leaves the old one. An existing file keeps its permissions.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="fullPath"/>, creating missing folders.</summary>
    public static async Task WriteAsync(string fullPath, string text, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.anima-{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            await using (var stream = new FileStream(temporary, options))
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(fullPath))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(fullPath));
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            // Nothing is left behind when the write or the rename failed (or was cancelled).
            File.Delete(temporary);
        }
    }
}
