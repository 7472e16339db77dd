using System.Diagnostics;

namespace Anima.Bench;

/// <summary>Latency samples in milliseconds, with the percentiles the table reports.</summary>
public sealed class Samples
{
    private readonly List<double> _ms = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ms.Count;
            }
        }
    }

    public static double Ms(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    public void Add(double ms)
    {
        lock (_gate)
        {
            _ms.Add(ms);
        }
    }

    public void AddSince(long fromTimestamp) => Add(Ms(fromTimestamp, Stopwatch.GetTimestamp()));

    public double P(double percentile)
    {
        lock (_gate)
        {
            if (_ms.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _ms.Order().ToArray();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public double P50 => P(50);

    public double P99 => P(99);
}
