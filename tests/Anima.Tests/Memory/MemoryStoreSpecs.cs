using Anima.Actors.Memory;
using Anima.Tests.Support;

namespace Anima.Tests.Memory;

/// <summary>
/// Mneme's store on a real SQLite file with the real MiniLM model: words and meaning searched together, fused, and a
/// forgotten memory gone from both.
/// </summary>
public sealed class MemoryStoreSpecs : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;
    private readonly TempHome _home = new();
    private readonly MemoryStore _store;

    public MemoryStoreSpecs()
    {
        _store = new MemoryStore(Path.Combine(_home.Root, "db", "anima.mneme.db"), SharedEncoder.Instance);
        _store.Add(
        [
            Said("s1", 2, "my cat is called Zorblax"),
            Said("s1", 3, "The build failed with error CS1002: ; expected in Program.cs"),
            Said("s1", 4, "Let's use PostgreSQL for the inventory service"),
            Said("s2", 2, "I prefer tabs over spaces in every project"),
            Said("s2", 3, "The meeting with Dana moved to Thursday at ten"),
        ]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _home.Dispose();
    }

    [Fact]
    public void A_question_finds_a_memory_that_shares_its_meaning_but_none_of_its_words()
    {
        var found = _store.Search("What's my pet's name?", 3);

        Assert.Equal("my cat is called Zorblax", found[0].Memory.Text);
        Assert.NotNull(found[0].MeaningRank);
        Assert.Empty(_store.Search("What's my pet's name?", 3, mode: SearchMode.Keywords)); // no word in common
    }

    [Fact]
    public void A_rare_word_is_found_by_keyword_and_ranks_first()
    {
        var found = _store.Search("zorblax", 3);

        Assert.Equal("my cat is called Zorblax", found[0].Memory.Text);
        Assert.Equal(0, found[0].KeywordRank);
    }

    [Fact]
    public void Forgetting_removes_a_memory_from_both_searches_and_the_summaries_that_covered_it()
    {
        var cat = _store.Search("zorblax", 1)[0].Memory;
        _store.Add([new NewMemory("s1", MemoryKind.Summary, 2, 4, "The user has a cat named Zorblax; a build failed.", At, Feeling.None)]);

        var forgotten = _store.Forget(cat.Id, "user");

        Assert.Equal(1, forgotten!.Value.Summaries);
        Assert.DoesNotContain(_store.Search("zorblax", 5), r => r.Memory.Text.Contains("Zorblax", StringComparison.Ordinal));
        Assert.DoesNotContain(_store.Search("What's my pet's name?", 5), r => r.Memory.Text.Contains("Zorblax", StringComparison.Ordinal));
        Assert.Empty(_store.OfSession("s1", MemoryKind.Summary));
        Assert.Null(_store.Get(cat.Id));

        // The bus bringing the same event again does not bring the memory back.
        _store.Add([Said("s1", 2, "my cat is called Zorblax")]);
        Assert.DoesNotContain(_store.Search("zorblax", 5), r => r.Memory.Text.Contains("Zorblax", StringComparison.Ordinal));

        // The events the summary covered are summarised again, without the forgotten one.
        Assert.Equal([3L, 4L], _store.Unsummarised("s1", 10).Select(m => m.FromSeq));
    }

    [Fact]
    public void A_forget_read_before_its_message_keeps_the_message_out_when_it_comes()
    {
        // A file made again from the journal may apply Mneme's stream (the forget) before the session's events.
        Assert.Null(_store.Forget(new MemoryKey("s9", MemoryKind.Event, 5, 5), "user", At, streamSeq: 3));

        _store.Add([Said("s9", 5, "my dog is called Quuxbert")]);

        Assert.Empty(_store.Search("quuxbert", 5));
        Assert.Empty(_store.OfSession("s9", MemoryKind.Event));
        Assert.Equal(3, _store.StreamAppliedTo());
    }

    [Fact]
    public void Forgetting_a_pin_leaves_the_sessions_summaries_alone()
    {
        _store.Add([new NewMemory("s1", MemoryKind.Summary, 2, 4, "The user has a cat; a build failed; PostgreSQL chosen.", At, Feeling.None)]);
        var pin = _store.Add([new NewMemory("s1", MemoryKind.Pinned, 3, At.ToUnixTimeMilliseconds(), "Answer in metric units", At, Feeling.None)])[0];

        Assert.Equal(0, _store.Forget(pin, "user")!.Value.Summaries);

        Assert.Empty(_store.Pinned());
        Assert.Single(_store.OfSession("s1", MemoryKind.Summary));
    }

    [Fact]
    public void A_forgotten_summary_is_not_made_again_and_its_messages_stay_recallable()
    {
        var summary = _store.Add([new NewMemory("s1", MemoryKind.Summary, 2, 4, "The user has a cat named Zorblax; a build failed.", At, Feeling.None)])[0];
        Assert.Empty(_store.Unsummarised("s1", 10));

        _store.Forget(summary, "user");

        Assert.Empty(_store.OfSession("s1", MemoryKind.Summary));
        Assert.Empty(_store.Unsummarised("s1", 10)); // summarised again, the same words would come back
        Assert.Equal("my cat is called Zorblax", _store.Search("zorblax", 1)[0].Memory.Text);
    }

    [Fact]
    public void The_keyword_index_is_rebuilt_from_the_memories()
    {
        _store.RebuildIndex();

        Assert.Equal("The meeting with Dana moved to Thursday at ten", _store.Search("dana thursday", 1, mode: SearchMode.Keywords)[0].Memory.Text);
    }

    [Fact]
    public void The_file_is_the_users_alone()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_store.File));
    }

    [Fact]
    public void A_change_made_by_another_process_is_seen_by_a_running_store()
    {
        Assert.NotEmpty(_store.Search("What's my pet's name?", 1)); // vectors loaded

        using var other = new MemoryStore(_store.File, SharedEncoder.Instance); // as `anima memory forget` opens it
        other.Forget(other.Search("zorblax", 1)[0].Memory.Id, "user");

        Assert.DoesNotContain(_store.Search("What's my pet's name?", 5), r => r.Memory.Text.Contains("Zorblax", StringComparison.Ordinal));
    }

    [Fact]
    public void A_memory_written_after_a_search_is_found_by_meaning_at_the_next()
    {
        Assert.DoesNotContain(_store.Search("Where do I keep my bicycle?", 5), r => r.Memory.Text.Contains("bike", StringComparison.Ordinal)); // vectors loaded

        _store.Add([Said("s3", 2, "my bike lives in the shed behind the house")]);

        Assert.Equal("my bike lives in the shed behind the house", _store.Search("Where do I keep my bicycle?", 1, mode: SearchMode.Meaning)[0].Memory.Text);
    }

    [Fact]
    public void A_word_in_hundreds_of_memories_does_not_drown_the_rare_one_beside_it()
    {
        _store.Add([.. Enumerable.Range(10, 600).Select(i => Said("s4", i, $"note {i}: the weekly note about nothing much"))]);

        var found = _store.Search("note zorblax", 3, mode: SearchMode.Keywords);

        Assert.Equal("my cat is called Zorblax", found[0].Memory.Text);
        Assert.NotEmpty(_store.Search("weekly note", 3, mode: SearchMode.Keywords)); // common words alone: all of them together
    }

    private static NewMemory Said(string session, long seq, string text) => new(session, MemoryKind.Event, seq, seq, text, At, Feeling.None);
}
