using Anima.Actors.Memory;

namespace Anima.Bench;

/// <summary>
/// The real MiniLM encoder, except while a large store is being filled: then each text gets the vector of one of a few
/// hundred real sentences, turned a little at random (10,000 real inferences would take minutes on this machine and
/// measure nothing the recall row is about).
/// </summary>
public sealed class SeededEncoder(ITextEncoder real) : ITextEncoder
{
    private readonly Random _random = new(17);
    private float[][] _bases = [];

    public bool Seeding { get; set; }

    public int Dimensions => real.Dimensions;

    public void Learn(IReadOnlyList<string> sentences) => _bases = real.Encode(sentences);

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        if (!Seeding)
        {
            return real.Encode(texts);
        }

        return [.. texts.Select(_ => Turned(_bases[_random.Next(_bases.Length)]))];
    }

    private float[] Turned(float[] basis)
    {
        var v = new float[basis.Length];
        var norm = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = basis[i] + (float)((_random.NextDouble() - 0.5) * 0.04);
            norm += v[i] * v[i];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < v.Length; i++)
        {
            v[i] *= scale;
        }

        return v;
    }
}
