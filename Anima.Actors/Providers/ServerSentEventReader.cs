using System.Buffers;
using System.Text;

namespace Anima.Actors.Providers;

/// <summary>One <c>text/event-stream</c> record. <paramref name="Data"/> is valid until the reader reads on.</summary>
internal readonly record struct ServerSentEvent(string Name, ReadOnlyMemory<byte> Data);

/// <summary>
/// Reads <c>text/event-stream</c> records (event/data fields, blank-line separated) from a response body as
/// bytes: events are cut out of the buffer without decoding, so a fast stream costs no string per line.
/// <see cref="TryRead"/> parses what is buffered; only <see cref="FillAsync"/> waits for the network.
/// </summary>
internal sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private readonly ArrayBufferWriter<byte> _data = new(256);
    private byte[] _buffer = ProviderBuffers.Pool.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _atStart = true;
    private bool _ended;
    private bool _afterCarriageReturn;
    private bool _hasData;
    private string? _name;
    private string _lastName = "message";
    private byte[] _lastNameBytes = "message"u8.ToArray();

    /// <summary>The next whole event in the buffer; at the end of the stream, the last one even without its blank line.</summary>
    public bool TryRead(out ServerSentEvent sse)
    {
        while (NextLine(out var lineStart, out var lineLength))
        {
            if (Field(_buffer.AsSpan(lineStart, lineLength)))
            {
                sse = Dispatch();
                return true;
            }
        }

        if (_ended && _hasData)
        {
            sse = Dispatch();
            return true;
        }

        sse = default;
        return false;
    }

    /// <summary>Reads more of the stream into the buffer; false once it has ended.</summary>
    public async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ProviderBuffers.Pool.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ProviderBuffers.Pool.Return(_buffer);
            _buffer = larger;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _ended = read == 0;
        return true;
    }

    public void Dispose()
    {
        stream.Dispose();
        ProviderBuffers.Pool.Return(_buffer);
        _buffer = [];
    }

    /// <summary>The next line (CR, LF or CRLF ended; at the end of the stream, what is left) as a range of the buffer.</summary>
    private bool NextLine(out int lineStart, out int lineLength)
    {
        lineStart = _start;
        lineLength = 0;
        var unread = _buffer.AsSpan(_start, _end - _start);
        if (_atStart)
        {
            if (!_ended && unread.Length < Bom.Length && Bom.StartsWith(unread))
            {
                return false;
            }

            _atStart = false;
            if (unread.StartsWith(Bom))
            {
                unread = unread[Bom.Length..];
                _start += Bom.Length;
            }
        }

        if (_afterCarriageReturn && !unread.IsEmpty)
        {
            _afterCarriageReturn = false;
            if (unread[0] == (byte)'\n')
            {
                unread = unread[1..];
                _start++;
            }
        }

        lineStart = _start;
        var end = unread.IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0)
        {
            if (!_ended || unread.IsEmpty)
            {
                return false;
            }

            lineLength = unread.Length;
            _start = _end;
            return true;
        }

        lineLength = end;
        _afterCarriageReturn = unread[end] == (byte)'\r';
        _start += end + 1;
        return true;
    }

    /// <summary>Applies one line; true when it is the blank line that ends an event with data.</summary>
    private bool Field(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            if (_hasData)
            {
                return true;
            }

            _name = null;
            return false;
        }

        if (line[0] == (byte)':')
        {
            return false;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (value.StartsWith((byte)' '))
        {
            value = value[1..];
        }

        if (field.SequenceEqual("event"u8))
        {
            _name = Name(value);
        }
        else if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                _data.Write("\n"u8);
            }

            _data.Write(value);
            _hasData = true;
        }

        return false;
    }

    private ServerSentEvent Dispatch()
    {
        var sse = new ServerSentEvent(_name ?? "message", _data.WrittenMemory);
        _data.ResetWrittenCount();
        _hasData = false;
        _name = null;
        return sse;
    }

    /// <summary>Streams repeat a few event names many times: the last one is decoded once and reused.</summary>
    private string Name(ReadOnlySpan<byte> value)
    {
        if (!value.SequenceEqual(_lastNameBytes))
        {
            _lastNameBytes = value.ToArray();
            _lastName = Encoding.UTF8.GetString(value);
        }

        return _lastName;
    }
}
