using System.Buffers;

namespace Anima.Actors.Providers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ProviderBuffers"/>: a request body is
/// written, sent and returned to the pool, instead of growing and copying fresh arrays for every model call
/// (a long conversation's body is tens to hundreds of KB, rebuilt on each call).
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;
    private bool _disposed;

    public PooledBufferWriter(int initialCapacity = 16 * 1024) => _buffer = ProviderBuffers.Pool.Rent(initialCapacity);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ProviderBuffers.Pool.Return(_buffer);
            _buffer = [];
            _written = 0;
        }
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ProviderBuffers.Pool.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ProviderBuffers.Pool.Return(_buffer);
        _buffer = larger;
    }
}
