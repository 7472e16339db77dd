using System.Text;

namespace Anima.Actors.Providers;

internal readonly record struct ServerSentEvent(string Name, string Data);

/// <summary>Reads <c>text/event-stream</c> records (event/data fields, blank-line separated) from a response body.</summary>
internal sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? name = null;
        StringBuilder? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return data is null ? null : new ServerSentEvent(name ?? "message", data.ToString());
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(name ?? "message", data.ToString());
                }

                name = null;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
