using System.Collections.Concurrent;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;
using Anima.Tests.Cli;
using Anima.Tests.Faults;
using Anima.Tests.Support;

namespace Anima.Tests.Sessions;

[Collection("processes")]
public sealed class JournalDurabilitySpecs
{
    private const int Sessions = 50;
    private const int EventsPerSession = 200;

    [Fact]
    public async Task Every_acknowledged_event_survives_a_SIGKILL_mid_write_in_order()
    {
        await using var brain = await RunningBrain.StartAsync();
        var acknowledged = new ConcurrentDictionary<string, ConcurrentQueue<(long Seq, string Text)>>();
        var killAt = Sessions * EventsPerSession * 6 / 10;
        var total = 0;

        await using (var client = await brain.ConnectAsync("writer"))
        {
            var ids = new List<string>();
            for (var s = 0; s < Sessions; s++)
            {
                var id = await client.CreateSessionAsync($"durability {s}");
                ids.Add(id);
                acknowledged[id] = new ConcurrentQueue<(long, string)>();
            }

            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = ids.Select(id => Task.Run(async () =>
            {
                for (var i = 1; i <= EventsPerSession; i++)
                {
                    var text = $"{id} #{i}";
                    try
                    {
                        var accepted = await client.PostAsync(id, text);
                        acknowledged[id].Enqueue((accepted.Seq, text));
                    }
                    catch (Exception) when (killed.Task.IsCompleted)
                    {
                        return;
                    }

                    if (Interlocked.Increment(ref total) == killAt)
                    {
                        brain.Process.Kill();
                        killed.TrySetResult();
                    }
                }
            })).ToArray();

            await killed.Task.WaitAsync(TimeSpan.FromMinutes(3));
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(1));
        }

        Assert.True(acknowledged.Values.Sum(q => q.Count) >= killAt);
        await brain.RestartAsync();

        await using var reader = await brain.ConnectAsync("reader");
        foreach (var (id, acks) in acknowledged)
        {
            var history = await ExportCommandAccess.ReadHistoryAsync(reader, id);
            Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Seq));
            var texts = history.ToDictionary(e => e.Seq, e => (e.Event as UserMessage)?.Text);
            foreach (var (seq, text) in acks)
            {
                Assert.Equal(text, texts.GetValueOrDefault(seq));
            }

            var userTexts = history.Select(e => e.Event).OfType<UserMessage>().Select(m => m.Text).ToList();
            Assert.Equal(userTexts.OrderBy(t => int.Parse(t[(t.IndexOf('#') + 1)..])), userTexts);
        }
    }

    [Fact]
    public async Task Turns_cut_off_by_a_SIGKILL_are_resumed_once_each_answered_once_and_nothing_loops()
    {
        const int turns = 20;
        await using var fake = (await FakeAnthropicServer.StartAsync()).WithQuietAppraisal();
        fake.DefaultResponder = request => FakeResponse.Slow($"Echo: {request.LastUserText}", TimeSpan.FromMilliseconds(40));
        await using var brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-kill",
        });
        var sessions = new List<string>();
        await using (var client = await brain.ConnectAsync("writer"))
        {
            for (var i = 0; i < turns; i++)
            {
                sessions.Add(await client.CreateSessionAsync());
            }

            await Task.WhenAll(sessions.Select((id, i) => client.PostAsync(id, $"question {i}")));
            await fake.WaitForRequestsAsync(turns / 2, TimeSpan.FromSeconds(60));
            brain.Process.Kill();
        }

        var answeredBeforeKill = ModelCalls.Of(fake);
        await brain.RestartAsync();

        await using var reader = await brain.ConnectAsync("reader");
        for (var i = 0; i < turns; i++)
        {
            var id = sessions[i];
            var expected = $"Echo: question {i}";
            await Eventually.HoldsAsync(async () =>
            {
                var events = (await ExportCommandAccess.ReadHistoryAsync(reader, id)).Select(j => j.Event).ToList();
                Assert.Equal(expected, Assert.Single(events.OfType<AgentMessage>()).Text);
                Assert.IsType<AgentMessage>(events[^1]);
            }, TimeSpan.FromSeconds(60));
        }

        // Every turn called the model once, and those the kill cut off once more: never a loop.
        var calls = ModelCalls.Of(fake);
        Assert.InRange(calls, turns, turns + answeredBeforeKill);
        await ModelCalls.StayAtAsync(fake, calls);
    }
}
