using Anima.Actors.Tools;

namespace Anima.Tests.Tools;

/// <summary>Tool results are capped by what they take as stored (JSON), not by their characters.</summary>
public sealed class ToolResultCapSpecs
{
    private const int Cap = 256 * 1024;

    [Fact]
    public void A_result_that_fits_is_kept_as_it_is()
    {
        var text = "line one\n\ttabbed \"quoted\" \\ 日本語 😀\n" + new string('x', 40_000);

        Assert.Same(text, ToolResultCap.Fit(text, Cap));
    }

    [Fact]
    public void Control_bytes_count_six_each_and_the_start_and_end_are_kept()
    {
        // The page that made an 11.4 MB journal row out of 1.9 MB: every byte a control character, \u0001 as JSON.
        var page = "START" + new string('\u0001', 1_900_000) + "END";

        var fitted = ToolResultCap.Fit(page, Cap);

        Assert.InRange(ToolResultCap.StoredBytes(fitted), Cap - 1024, Cap);
        Assert.StartsWith("START\u0001", fitted);
        Assert.EndsWith("\u0001END", fitted);
        Assert.Matches(@"\n\[result truncated: 10\.9 MB as stored; 10\.6 MB cut here, the first and the last 127\.9 KB are kept\]\n", fitted);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀é\u0002", 200_000));

        var fitted = ToolResultCap.Fit(text, Cap);

        Assert.True(ToolResultCap.StoredBytes(fitted) <= Cap);
        Assert.DoesNotContain(fitted.Select((c, i) => (c, i)), p => char.IsHighSurrogate(p.c) && (p.i + 1 == fitted.Length || !char.IsLowSurrogate(fitted[p.i + 1])));
        Assert.False(char.IsLowSurrogate(fitted[0]));
    }
}
