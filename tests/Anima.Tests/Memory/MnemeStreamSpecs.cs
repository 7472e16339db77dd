using Anima.Actors.Memory;
using Anima.Actors.Providers;
using Anima.Client;
using Anima.Tests.Support;

namespace Anima.Tests.Memory;

/// <summary>
/// Mneme's stream in the journal, on the brain's real configuration: what only its file held before the stream
/// existed (pins, summaries, forgets) is journaled at the first start, so a file made again keeps it.
/// </summary>
public sealed class MnemeStreamSpecs() : BrainSpec(new TempHome())
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_file_from_before_the_stream_has_its_pins_summaries_and_forgets_journaled_at_the_first_start()
    {
        using var providers = new ProviderSource(TempHome.Home, "http://127.0.0.1:9", TimeSpan.FromSeconds(5));
        using var old = new MemoryStore(Path.Combine(TempHome.Root, "db", "old.mneme.db"), SharedEncoder.Instance);
        var cat = old.Add([Said(2, "my cat is called Zorblax"), Said(3, "The build failed with error CS1002")])[0];
        old.Forget(cat, "user");
        old.Add(
        [
            new NewMemory("s1", MemoryKind.Summary, 2, 3, "A build failed.", At, Feeling.None),
            new NewMemory("s1", MemoryKind.Pinned, 3, At.ToUnixTimeMilliseconds(), "Answer in metric units", At, Feeling.None),
        ]);

        var first = Sys.ActorOf(MnemeActor.Props(old, providers, MnemeSettings.Default, BackoffPolicy.None, null), "mneme-old");
        await Eventually.True(() => old.StreamAppliedTo() == 3, "the forget, the summary and the pin are journaled", TimeSpan.FromSeconds(20));
        Stop(first);

        using var rebuilt = new MemoryStore(Path.Combine(TempHome.Root, "db", "rebuilt.mneme.db"), SharedEncoder.Instance);
        var again = Sys.ActorOf(MnemeActor.Props(rebuilt, providers, MnemeSettings.Default, BackoffPolicy.None, null), "mneme-rebuilt");
        await Eventually.True(() => rebuilt.StreamAppliedTo() == 3, "the stream is read into the new file", TimeSpan.FromSeconds(20));

        Assert.Equal("Answer in metric units", Assert.Single(rebuilt.Pinned()).Text);
        Assert.Equal("A build failed.", Assert.Single(rebuilt.OfSession("s1", MemoryKind.Summary)).Text);
        rebuilt.Add([Said(2, "my cat is called Zorblax")]); // as the session's events are read again
        Assert.Empty(rebuilt.Search("zorblax", 5));
        Stop(again);
    }

    [Fact]
    public async Task Eviction_marks_only_a_file_held_are_journaled_at_the_next_start_so_a_file_made_again_has_them()
    {
        using var providers = new ProviderSource(TempHome.Home, "http://127.0.0.1:9", TimeSpan.FromSeconds(5));
        using var old = new MemoryStore(Path.Combine(TempHome.Root, "db", "old.mneme.db"), SharedEncoder.Instance);
        old.MarkEvicted("s1", 40); // as a file from before evictions were journaled holds it
        old.MarkEvicted("s2", 7);

        var first = Sys.ActorOf(MnemeActor.Props(old, providers, MnemeSettings.Default, BackoffPolicy.None, null), "mneme-old");
        await Eventually.True(() => old.UnjournaledEvictions().Count == 0, "the marks are journaled", TimeSpan.FromSeconds(20));
        Stop(first);

        using var rebuilt = new MemoryStore(Path.Combine(TempHome.Root, "db", "rebuilt.mneme.db"), SharedEncoder.Instance);
        var again = Sys.ActorOf(MnemeActor.Props(rebuilt, providers, MnemeSettings.Default, BackoffPolicy.None, null), "mneme-rebuilt");
        await Eventually.True(() => rebuilt.Evicted().Count == 2, "the marks are read into the new file", TimeSpan.FromSeconds(20));

        Assert.Equal(40, rebuilt.Evicted()["s1"]);
        Assert.Equal(7, rebuilt.Evicted()["s2"]);
        Assert.Empty(rebuilt.UnjournaledEvictions()); // read from the stream, not journaled twice
        Stop(again);
    }

    private static NewMemory Said(long seq, string text) => new("s1", MemoryKind.Event, seq, seq, "user: " + text, At, Feeling.None);
}
