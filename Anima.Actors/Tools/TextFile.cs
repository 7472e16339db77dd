using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// A file read whole as text for a tool, or the reason it was not: missing, a directory, too big, or binary. Each
/// reason says what to do instead, since the model reads it.
/// </summary>
public static class TextFile
{
    /// <summary>A NUL among the first bytes: what git and grep take for a binary file.</summary>
    private const int SniffBytes = 8192;

    /// <summary>The file's text, or a refusal (<c>Text</c> null) the model can act on.</summary>
    public static async Task<(string? Text, string? Refusal)> ReadAsync(string fullPath, string shown, long maxBytes, CancellationToken cancellationToken)
    {
        if (Directory.Exists(fullPath))
        {
            return (null, $"{shown} is a directory, not a file; use glob to list what is in it.");
        }

        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            return (null, $"There is no file {shown}" + (Directory.Exists(Path.GetDirectoryName(fullPath)) ? "." : $" (its folder {Path.GetDirectoryName(fullPath)} does not exist either)."));
        }

        if (info.Length > maxBytes)
        {
            return (null, $"{shown} is {ByteSize.Format(info.Length)}, over the {ByteSize.Format(maxBytes)} the file tools read whole (anima.tools.files.max-file-size). Use grep to find the lines you need, or head, tail or sed in bash.");
        }

        var bytes = await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false);
        if (IsBinary(bytes))
        {
            return (null, $"{shown} looks binary (it has a NUL byte in its first {SniffBytes / 1024} KB); the file tools read text only. Inspect it in bash (file, xxd, or the program it belongs to).");
        }

        return (Decode(bytes), null);
    }

    public static bool IsBinary(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, SniffBytes)].Contains((byte)0);

    /// <summary>UTF-8 unless a byte-order mark says otherwise; the mark itself is not part of the text.</summary>
    private static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
