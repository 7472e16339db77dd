using System.Text;

namespace Anima.Actors.Tools;

/// <summary>
/// Keeps the first and the last half of <c>cap</c> bytes of a stream and counts what lies between, so a flood of
/// output costs no memory and the end survives: a build or a test run says what failed last, and keeping only the
/// first 100 KB lost exactly that.
/// </summary>
internal sealed class CappedOutput(int cap)
{
    private readonly int _headCap = cap - cap / 2;
    private readonly int _tailCap = cap / 2;
    private readonly MemoryStream _head = new();

    // The newest bytes once the head is full: a ring of _tailCap bytes, _tailEnd the next write position.
    private byte[]? _tail;
    private int _tailEnd;
    private long _tailWritten;

    public long Total { get; private set; }

    public bool Truncated => Total > cap;

    public void Append(ReadOnlySpan<byte> data)
    {
        Total += data.Length;
        var room = _headCap - (int)_head.Length;
        if (room > 0)
        {
            var now = Math.Min(room, data.Length);
            _head.Write(data[..now]);
            data = data[now..];
        }

        if (data.IsEmpty || _tailCap == 0)
        {
            return;
        }

        _tail ??= new byte[_tailCap];
        if (data.Length > _tailCap)
        {
            data = data[^_tailCap..];
        }

        var first = Math.Min(data.Length, _tailCap - _tailEnd);
        data[..first].CopyTo(_tail.AsSpan(_tailEnd));
        data[first..].CopyTo(_tail);
        _tailEnd = (_tailEnd + data.Length) % _tailCap;
        _tailWritten += data.Length;
    }

    public string ToText()
    {
        var head = _head.GetBuffer().AsSpan(0, (int)_head.Length);
        var tail = Tail();
        if (!Truncated)
        {
            // Everything fitted: head and tail are the whole stream, in order.
            var whole = new byte[head.Length + tail.Length];
            head.CopyTo(whole);
            tail.CopyTo(whole.AsSpan(head.Length));
            return Encoding.UTF8.GetString(whole);
        }

        // Do not cut a UTF-8 character in two: the head ends before a partial one, the tail starts after one.
        var headEnd = head.Length;
        while (headEnd > 0 && (head[headEnd - 1] & 0xC0) == 0x80)
        {
            headEnd--;
        }

        if (headEnd > 0 && head[headEnd - 1] >= 0xC0)
        {
            headEnd--;
        }

        var tailStart = 0;
        while (tailStart < tail.Length && (tail[tailStart] & 0xC0) == 0x80)
        {
            tailStart++;
        }

        var cut = Total - headEnd - (tail.Length - tailStart);
        return $"{Encoding.UTF8.GetString(head[..headEnd])}\n[output truncated: {ByteSize.Format(Total)} total; {ByteSize.Format(cut)} cut here, "
            + $"the first {ByteSize.Format(_headCap)} and the last {ByteSize.Format(_tailCap)} are kept]\n{Encoding.UTF8.GetString(tail[tailStart..])}";
    }

    /// <summary>The bytes after the head, oldest first (at most the tail's cap).</summary>
    private ReadOnlySpan<byte> Tail()
    {
        if (_tail is null)
        {
            return [];
        }

        if (_tailWritten <= _tailCap)
        {
            return _tail.AsSpan(0, (int)_tailWritten);
        }

        var ordered = new byte[_tailCap];
        _tail.AsSpan(_tailEnd).CopyTo(ordered);
        _tail.AsSpan(0, _tailEnd).CopyTo(ordered.AsSpan(_tailCap - _tailEnd));
        return ordered;
    }
}
