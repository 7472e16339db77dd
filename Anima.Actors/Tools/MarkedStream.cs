using System.Runtime.InteropServices;
using System.Text;

namespace Anima.Actors.Tools;

/// <summary>What one stream produced for one command: the text before the end marker and what followed the marker.</summary>
internal sealed record MarkedOutput(string Text, bool Truncated, string Suffix);

/// <summary>
/// Reads one of the shell's output pipes for the shell's whole life. A command's output ends at a marker line
/// <c>\n__ANIMA_&lt;id&gt;_&lt;suffix&gt;\n</c> that the shell prints after it; the leading newline is the
/// marker's own, so output without a trailing newline comes back exactly as written. Reading never stops at
/// the cap, so a chatty command cannot block on a full pipe.
/// </summary>
internal sealed class MarkedStream
{
    private readonly Stream _stream;
    private readonly int _cap;
    private readonly Lock _gate = new();
    private readonly List<byte> _pending = [];
    private CappedOutput _capture;
    private byte[]? _marker;
    private TaskCompletionSource<MarkedOutput>? _waiter;

    public MarkedStream(Stream stream, int cap)
    {
        _stream = stream;
        _cap = cap;
        _capture = new CappedOutput(cap);
        Completion = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes when the pipe reaches end of file: every process holding its write end is gone.</summary>
    public Task Completion { get; }

    public static byte[] MarkerFor(string id) => Encoding.ASCII.GetBytes($"\n__ANIMA_{id}_");

    /// <summary>Arm before the command is written; output that arrived since the last marker counts for this command.</summary>
    public Task<MarkedOutput> Expect(byte[] marker)
    {
        lock (_gate)
        {
            _marker = marker;
            _waiter = new TaskCompletionSource<MarkedOutput>(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiting = _waiter.Task;
            Scan();
            return waiting;
        }
    }

    /// <summary>Whatever arrived without a marker; used once the shell has died.</summary>
    public (string Text, bool Truncated) TakeRemainder()
    {
        lock (_gate)
        {
            _capture.Append(CollectionsMarshal.AsSpan(_pending));
            _pending.Clear();
            var result = (_capture.ToText(), _capture.Truncated);
            _capture = new CappedOutput(_cap);
            _marker = null;
            _waiter = null;
            return result;
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                lock (_gate)
                {
                    _pending.AddRange(buffer.AsSpan(0, read));
                    Scan();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe went away with the shell; the owner notices through the process.
        }
    }

    private void Scan()
    {
        while (true)
        {
            var pending = CollectionsMarshal.AsSpan(_pending);
            if (_marker is null || _waiter is null)
            {
                _capture.Append(pending);
                _pending.Clear();
                return;
            }

            var at = pending.IndexOf(_marker);
            if (at < 0)
            {
                // Hold back a tail that could be the start of a marker split across reads.
                var flush = Math.Max(0, pending.Length - (_marker.Length - 1));
                _capture.Append(pending[..flush]);
                _pending.RemoveRange(0, flush);
                return;
            }

            _capture.Append(pending[..at]);
            var afterMarker = pending[(at + _marker.Length)..];
            var lineEnd = afterMarker.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                _pending.RemoveRange(0, at);
                return;
            }

            var output = new MarkedOutput(
                _capture.ToText(),
                _capture.Truncated,
                Encoding.ASCII.GetString(afterMarker[..lineEnd]));
            _pending.RemoveRange(0, at + _marker.Length + lineEnd + 1);
            _capture = new CappedOutput(_cap);
            var waiter = _waiter;
            _marker = null;
            _waiter = null;
            waiter.TrySetResult(output);
        }
    }
}
