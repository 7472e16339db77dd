namespace Anima.Actors.Memory;

/// <summary>Turns text into unit vectors whose dot product says how close two texts are in meaning.</summary>
public interface ITextEncoder
{
    int Dimensions { get; }

    float[][] Encode(IReadOnlyList<string> texts);

    /// <summary>As <see cref="Encode"/>, for work nobody waits on (a new memory): it lets a waiting query go first.</summary>
    float[][] EncodeInBackground(IReadOnlyList<string> texts) => Encode(texts);
}
