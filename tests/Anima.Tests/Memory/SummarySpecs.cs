using Anima.Actors.Memory;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Agent;
using Anima.Tests.Support;

namespace Anima.Tests.Memory;

/// <summary>
/// What leaves the viewport is summarised in the background by a small model through the same provider code, and the
/// summary opens the window from the next eviction on: nothing is forgotten, only compressed. A summariser that is
/// down delays only the summaries.
/// </summary>
public sealed class SummarySpecs() : AgentFlowSpec(
    NewFake(),
    """
    anima.agent.context-budget = 400
    anima.agent.context-low-water = 50
    anima.memory.summary-model = "claude-summary-test"
    anima.memory.summary-batch = 100
    anima.memory.digest-after = 100
    anima.memory.summary-share = 50
    """,
    withMemory: true)
{
    private const string SummaryModel = "claude-summary-test";

    [Fact]
    public async Task Evicted_turns_are_summarised_and_the_summary_opens_the_window_after_the_next_eviction()
    {
        Fake.AnswerModel(SummaryModel, request => FakeResponse.Text("Summary: the user counted turns " + (request.LastUserText!.Contains("turn 1:", StringComparison.Ordinal) ? "from 1" : "later") + "."));
        var session = NewSession();

        await TalkAsync(session, 1, 40);

        var summaries = MemoryStore!.OfSession(session, MemoryKind.Summary);
        Assert.NotEmpty(summaries);
        Assert.Equal("Summary: the user counted turns from 1.", summaries[0].Text);
        Assert.True(summaries[0].FromSeq > 1 && summaries[0].ToSeq > summaries[0].FromSeq);
        Assert.Contains("Summarise this part of a conversation", Fake.RequestsFor(SummaryModel)[0].LastUserText);
        Assert.Contains("user: turn 1: tell me", Fake.RequestsFor(SummaryModel)[0].LastUserText);

        // Once a later eviction has come, the summary opens the window, in the part of the request the cache keeps.
        var last = Fake.Requests.Where(r => r.Model == Settings.Model).Last();
        var opening = last.Messages[0]!["content"]![0]!["text"]!.GetValue<string>();
        Assert.StartsWith(MemoryLayers.Open, opening);
        Assert.Contains("Summary: the user counted turns from 1.", opening);
    }

    [Fact]
    public async Task A_summariser_overloaded_then_refusing_the_key_delays_only_the_summaries_and_catches_up_once_it_answers()
    {
        var state = 0; // 0: overloaded (529), 1: bad credentials (401), 2: back
        Fake.AnswerModel(SummaryModel, _ => Volatile.Read(ref state) switch
        {
            0 => new FakeResponse { HttpError = new FakeError(529, "overloaded_error", "Overloaded") },
            1 => new FakeResponse { HttpError = new FakeError(401, "authentication_error", "invalid x-api-key") },
            _ => FakeResponse.Text("Summary: caught up."),
        });
        var session = NewSession();

        await TalkAsync(session, 1, 20); // every turn is answered while the summariser is down
        await Eventually.True(() => Fake.RequestsFor(SummaryModel).Count >= 2, "the summary was tried again");
        Volatile.Write(ref state, 1);
        var refused = Fake.RequestsFor(SummaryModel).Count;
        await TalkAsync(session, 21, 30);
        await Eventually.True(() => Fake.RequestsFor(SummaryModel).Count > refused, "the summary was tried with the key refused", TimeSpan.FromSeconds(20));

        // Eviction went on (the window moved), and what left it is recallable word for word meanwhile.
        Assert.True(MemoryStore!.Evicted().GetValueOrDefault(session) > 10, "the viewport evicted while the summariser was down");
        var agentRequests = Fake.Requests.Where(r => r.Model == Settings.Model).ToList();
        Assert.DoesNotContain("turn 1: tell me", agentRequests[^1].Messages[0]!.ToJsonString()); // the window opens later
        Assert.Empty(MemoryStore.OfSession(session, MemoryKind.Summary));
        Assert.Contains(MemoryStore.Search("turn 1: tell me something about the number 1", 3), r => r.Memory.Text.StartsWith("user: turn 1:", StringComparison.Ordinal));

        Volatile.Write(ref state, 2);
        await Eventually.True(() => MemoryStore.OfSession(session, MemoryKind.Summary).Count > 0, "the summary is made once the model answers", TimeSpan.FromSeconds(30));
        var summaries = MemoryStore.OfSession(session, MemoryKind.Summary);
        Assert.Equal(MemoryStore.OfSession(session, MemoryKind.Event)[0].FromSeq, summaries[0].FromSeq); // nothing skipped while it was down
    }

    [Fact]
    public async Task Mneme_stopped_in_the_middle_of_a_summary_loses_nothing_and_doubles_nothing_when_it_starts_again()
    {
        var calls = 0;
        Fake.AnswerModel(SummaryModel, _ => Interlocked.Increment(ref calls) == 1
            ? new FakeResponse { Content = [new FakeTextBlock("Summary: never finished")], HangAfterFirstBlock = true }
            : FakeResponse.Text("Summary: made after the restart."));
        var session = NewSession();
        await TalkAsync(session, 1, 12);
        await Eventually.True(() => Volatile.Read(ref calls) >= 1, "a summary is under way");

        // As a brain killed mid-summary: what was evicted is in the store, the summary is not; and what is said while
        // Mneme is down is journaled, never heard on the bus.
        StopMneme();
        for (var i = 13; i <= 15; i++)
        {
            Say(session, $"turn {i}: while memory slept, the lighthouse keeper {i} painted the door teal");
            NextJournaled<AgentMessage>(m => m.Text.StartsWith($"Echo: turn {i}:", StringComparison.Ordinal));
        }

        Assert.Empty(MemoryStore!.Search("lighthouse keeper painted the door teal", 5));

        var again = StartMneme(MemoryStore!, "mneme-again");

        await Eventually.True(() => MemoryStore!.OfSession(session, MemoryKind.Summary).Count > 0, "the summary is made after the restart", TimeSpan.FromSeconds(20));
        await Eventually.True(() => MemoryStore!.OfSession(session, MemoryKind.Event).Count == 2 * 15, "the messages said while Mneme was down are remembered", TimeSpan.FromSeconds(20));
        var summaries = MemoryStore!.OfSession(session, MemoryKind.Summary);
        Assert.All(summaries, s => Assert.Equal("Summary: made after the restart.", s.Text));
        Assert.Equal(summaries.Count, summaries.Select(s => (s.FromSeq, s.ToSeq)).Distinct().Count());
        Assert.Empty(MemoryStore.Unsummarised(session, summaries[^1].ToSeq + 1));

        var events = MemoryStore.OfSession(session, MemoryKind.Event);
        Assert.Equal(events.Count, events.Select(e => e.FromSeq).Distinct().Count()); // every message once
        var found = MemoryStore.Search("what colour did the lighthouse keeper paint the door?", 5);
        Assert.Contains(found, r => r.Memory.Text == "user: turn 14: while memory slept, the lighthouse keeper 14 painted the door teal");
        Assert.True(MemoryStore.JournalReadTo() > 0, "how far the journal was read is kept for the next start");
        Sys.Stop(again);
    }

    [Fact]
    public async Task A_memory_file_lost_while_the_brain_was_down_is_remembered_again_from_the_journal()
    {
        Fake.AnswerModel(SummaryModel, _ => FakeResponse.Text("Summary: numbers."));
        var session = NewSession();
        await TalkAsync(session, 1, 4);
        await Eventually.True(() => MemoryStore!.OfSession(session, MemoryKind.Event).Count == 8, "the messages are remembered");
        StopMneme();

        // A new, empty file in place of the lost one: the journal has every message, and Mneme reads it all.
        using var rebuilt = new MemoryStore(Path.Combine(TempHome.Root, "db", "rebuilt.mneme.db"), SharedEncoder.Instance);
        var again = StartMneme(rebuilt, "mneme-rebuilt");

        await Eventually.True(() => rebuilt.OfSession(session, MemoryKind.Event).Count == 8, "every message is remembered again", TimeSpan.FromSeconds(20));
        Assert.Equal(
            MemoryStore!.OfSession(session, MemoryKind.Event).Select(e => (e.FromSeq, e.Text)),
            rebuilt.OfSession(session, MemoryKind.Event).Select(e => (e.FromSeq, e.Text)));
        Assert.Contains(rebuilt.Search("the number 3", 5), r => r.Memory.Text.StartsWith("user: turn 3:", StringComparison.Ordinal));
        Sys.Stop(again);
    }

    [Fact]
    public async Task Summaries_are_journaled_so_a_memory_file_made_again_has_them_without_a_model_call()
    {
        Fake.AnswerModel(SummaryModel, _ => FakeResponse.Text("Summary: the user counted."));
        var session = NewSession();
        await TalkAsync(session, 1, 12);
        await Eventually.True(
            () => MemoryStore!.OfSession(session, MemoryKind.Summary).Count > 0
                && MemoryStore.Evicted().TryGetValue(session, out var evicted) && MemoryStore.Unsummarised(session, evicted).Count == 0,
            "everything evicted is summarised",
            TimeSpan.FromSeconds(20));
        StopMneme();
        var made = MemoryStore!.OfSession(session, MemoryKind.Summary).Select(s => (s.FromSeq, s.ToSeq, s.Text)).ToList();
        var calls = Fake.RequestsFor(SummaryModel).Count;

        using var rebuilt = new MemoryStore(Path.Combine(TempHome.Root, "db", "rebuilt.mneme.db"), SharedEncoder.Instance);
        var again = StartMneme(rebuilt, "mneme-rebuilt");

        await Eventually.True(() => rebuilt.OfSession(session, MemoryKind.Event).Count == 24, "every message is remembered again", TimeSpan.FromSeconds(20));
        await Eventually.True(() => rebuilt.OfSession(session, MemoryKind.Summary).Count == made.Count, "the summaries are read from Mneme's stream", TimeSpan.FromSeconds(20));
        Assert.Equal(made, rebuilt.OfSession(session, MemoryKind.Summary).Select(s => (s.FromSeq, s.ToSeq, s.Text)));
        Assert.Equal(calls, Fake.RequestsFor(SummaryModel).Count);
        Sys.Stop(again);
    }

    [Fact]
    public async Task A_memory_file_made_again_knows_what_was_evicted_and_summarises_it_without_waiting_for_an_eviction()
    {
        var answering = 0;
        Fake.AnswerModel(SummaryModel, _ => Volatile.Read(ref answering) == 0
            ? new FakeResponse { HttpError = new FakeError(529, "overloaded_error", "Overloaded") }
            : FakeResponse.Text("Summary: counted before the file was lost."));
        var session = NewSession();
        await TalkAsync(session, 1, 12);
        await Eventually.True(() => MemoryStore!.Evicted().GetValueOrDefault(session) > 0 && MemoryStore.Count() == 24, "events evicted and remembered, none summarised");
        StopMneme();
        Assert.Empty(MemoryStore!.OfSession(session, MemoryKind.Summary));
        var evicted = MemoryStore.Evicted()[session];
        Volatile.Write(ref answering, 1);
        var tried = Fake.RequestsFor(SummaryModel).Count;

        // The file lost, the summariser back, no turn taken: the mark comes from Mneme's stream, and the summary with it.
        using var rebuilt = new MemoryStore(Path.Combine(TempHome.Root, "db", "rebuilt.mneme.db"), SharedEncoder.Instance);
        var again = StartMneme(rebuilt, "mneme-rebuilt");

        await Eventually.True(() => rebuilt.OfSession(session, MemoryKind.Summary).Count > 0, "the evicted events are summarised without a new eviction", TimeSpan.FromSeconds(30));
        Assert.Equal(evicted, rebuilt.Evicted()[session]);
        Assert.True(Fake.RequestsFor(SummaryModel).Count > tried);
        var summary = rebuilt.OfSession(session, MemoryKind.Summary)[0];
        Assert.Equal("Summary: counted before the file was lost.", summary.Text);
        Assert.Equal(rebuilt.OfSession(session, MemoryKind.Event)[0].FromSeq, summary.FromSeq); // the whole evicted range, from its start
        Sys.Stop(again);
    }

    private async Task TalkAsync(string session, int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            Say(session, $"turn {i}: tell me something about the number {i}, please, at some length");
            NextJournaled<AgentMessage>(m => m.Text.StartsWith($"Echo: turn {i}:", StringComparison.Ordinal));
            if (i % 10 == 0)
            {
                // Let Mneme write and summarise before the next evictions (the loop never waits for it).
                await Eventually.True(() => MemoryStore!.Count() >= 2 * i, "the messages are remembered");
            }
        }
    }
}
