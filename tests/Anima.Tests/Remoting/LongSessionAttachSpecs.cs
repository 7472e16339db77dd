using Anima.Messages.Clients;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Remoting;

/// <summary>A session longer than the tail the brain keeps in memory: history joins journal and memory.</summary>
[Collection("processes")]
public sealed class LongSessionAttachSpecs
{
    [Fact]
    public async Task Attaching_to_a_session_longer_than_its_memory_reads_the_rest_from_the_journal_without_gap_or_duplicate()
    {
        var home = new TempHome();
        home.Home.EnsureCreated();
        await File.WriteAllTextAsync(home.Home.ConfigFile, "anima.sessions { tail-events = 25, snapshot-every = 10 }\n");
        await using var brain = await RunningBrain.StartAsync(home);
        await using var writer = await brain.ConnectAsync("writer");
        var sessionId = await writer.CreateSessionAsync("long");
        for (var i = 1; i <= 120; i++)
        {
            await writer.PostAsync(sessionId, $"m{i}");
        }

        var writing = Task.Run(async () =>
        {
            long last = 0;
            for (var i = 1; i <= 80; i++)
            {
                last = (await writer.PostAsync(sessionId, $"late {i}")).Seq;
            }

            return last;
        });
        await using var reader = await brain.ConnectAsync("reader");
        reader.Attach(sessionId, afterSeq: 7);
        var finalSeq = await writing;

        var seen = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var push in reader.Pushes.ReadAllAsync(timeout.Token))
        {
            if (push is HistoryChunk chunk)
            {
                seen.AddRange(chunk.Events.Select(e => e.Seq));
            }
            else if (push is Journaled live)
            {
                seen.Add(live.Seq);
            }

            if (seen.Count > 0 && seen[^1] == finalSeq)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(8, (int)finalSeq - 7).Select(i => (long)i), seen);

        // The last screen of it, as the TUI asks for a long session.
        await using var tui = await brain.ConnectAsync("tui");
        tui.Attach(sessionId, afterSeq: 0, maxHistory: 10);
        HistoryChunk? first = null;
        while (first is null)
        {
            first = await tui.Pushes.ReadAsync() as HistoryChunk;
        }

        var last = first.Events[^1].Seq;
        Assert.True(last >= finalSeq);
        Assert.Equal(Enumerable.Range((int)last - 9, 10).Select(i => (long)i), first.Events.Select(e => e.Seq));
    }
}
