using System.Text;

namespace Anima.Actors.Tools;

/// <summary>Keeps the first <c>cap</c> bytes of a stream and counts the rest, so a flood of output costs no memory.</summary>
internal sealed class CappedOutput(int cap)
{
    private readonly MemoryStream _kept = new();

    public long Total { get; private set; }

    public bool Truncated => Total > cap;

    public void Append(ReadOnlySpan<byte> data)
    {
        Total += data.Length;
        var room = cap - (int)_kept.Length;
        if (room > 0)
        {
            _kept.Write(data[..Math.Min(room, data.Length)]);
        }
    }

    public string ToText()
    {
        var bytes = _kept.GetBuffer().AsSpan(0, (int)_kept.Length);
        if (Truncated)
        {
            // Do not end on half a UTF-8 character: drop trailing continuation bytes and their lead byte.
            var end = bytes.Length;
            while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80)
            {
                end--;
            }

            if (end > 0 && bytes[end - 1] >= 0xC0)
            {
                end--;
            }

            bytes = bytes[..end];
        }

        var text = Encoding.UTF8.GetString(bytes);
        return Truncated
            ? $"{text}\n[output truncated: {ByteSize.Format(Total)} total, showing first {ByteSize.Format(cap)}]"
            : text;
    }
}
