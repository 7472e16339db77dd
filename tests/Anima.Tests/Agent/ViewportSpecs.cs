using Anima.Actors.Agent;
using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

public sealed class ViewportSpecs
{
    [Fact]
    public void A_simple_exchange_maps_to_alternating_messages()
    {
        var stream = new SessionStream().Started().User("hi").Agent("hello").User("how are you?").Agent("fine");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: hi", "assistant: hello", "user: how are you?", "assistant: fine"], result.Render());
        Assert.Equal(40, result.Tokens);
        Assert.Equal(2, result.FirstSeq);
        Assert.Equal(4, result.EventCount);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void It_adds_whole_events_newest_first_while_the_budget_lasts()
    {
        var stream = new SessionStream().User("one", 10).Agent("two", 10).User("three", 10).Agent("four", 10);

        var result = stream.Assemble(30);

        // "two" would fit the budget, but a window cannot start on a reply.
        Assert.Equal(["user: three", "assistant: four"], result.Render());
        Assert.Equal(20, result.Tokens);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void A_budget_that_fits_only_the_last_exchange_keeps_only_it()
    {
        var stream = new SessionStream().User("old", 10).Agent("old answer", 10).User("new", 10).Agent("new answer", 10);

        var result = stream.Assemble(25);

        Assert.Equal(["user: new", "assistant: new answer"], result.Render());
        Assert.Equal(3, result.FirstSeq);
        Assert.Equal(2, result.EventCount);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void The_newest_event_is_included_even_when_it_alone_exceeds_the_budget()
    {
        var stream = new SessionStream().User("old", 10).Agent("old answer", 10).User("a very long paste", 500);

        var result = stream.Assemble(100);

        Assert.Equal(["user: a very long paste"], result.Render());
        Assert.Equal(500, result.Tokens);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void A_tool_call_and_its_response_are_in_or_out_together()
    {
        var stream = new SessionStream()
            .User("list files", 10)
            .Agent("", 0).Call("c1", tokens: 50).Response("c1", tokens: 5)
            .Agent("done", 10)
            .User("thanks", 10);

        // Room for the response and the reply, not for the call: both stay out.
        var result = stream.Assemble(40);

        Assert.Equal(["user: thanks"], result.Render());
        Assert.DoesNotContain(result.Messages.SelectMany(m => m.Content), c => c is ToolResultContent or ToolUseContent);
    }

    [Fact]
    public void A_reply_and_the_tool_calls_that_follow_it_are_in_or_out_together()
    {
        var stream = new SessionStream()
            .User("look", 10)
            .Agent("let me look", 100).Call("c1", tokens: 5).Response("c1", tokens: 5)
            .Agent("found it", 10);

        var result = stream.Assemble(50);

        // The round does not fit with its reply, so the window falls back to the turn's opening message.
        Assert.Equal(["user: look", "assistant: found it"], result.Render());
        Assert.True(result.Truncated);
    }

    [Fact]
    public void Two_parallel_tool_calls_become_one_assistant_message_and_one_user_message_in_call_order()
    {
        var stream = new SessionStream()
            .User("check both")
            .Agent("checking", thinking: "two files", signature: "sig")
            .Call("a").Call("b")
            .Response("b", isError: true).Response("a")
            .Agent("both checked");

        var result = stream.Assemble(1_000);

        Assert.Equal(
            [
                "user: check both",
                "assistant: thinking(two files) | checking | tool_use(a) | tool_use(b)",
                "user: tool_result(a) | tool_error(b)",
                "assistant: both checked",
            ],
            result.Render());
        var thinking = Assert.IsType<ThinkingContent>(result.Messages[1].Content[0]);
        Assert.Equal("sig", thinking.Signature);
    }

    [Fact]
    public void Unsigned_thinking_is_not_sent()
    {
        var stream = new SessionStream().User("go").Agent("", thinking: "hmm").Call("a").Response("a");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: go", "assistant: tool_use(a)", "user: tool_result(a)"], result.Render());
    }

    [Fact]
    public void A_user_message_right_after_tool_results_is_merged_after_them()
    {
        var stream = new SessionStream()
            .User("build it")
            .Agent("").Call("a").Response("a")
            .User("also run the tests");

        var result = stream.Assemble(1_000);

        Assert.Equal(
            ["user: build it", "assistant: tool_use(a)", "user: tool_result(a) | also run the tests"],
            result.Render());
    }

    [Fact]
    public void A_user_message_typed_while_tools_ran_goes_after_the_tool_results()
    {
        var stream = new SessionStream()
            .User("build it")
            .Agent("").Call("a").Call("b")
            .Response("a").User("hurry").Response("b");

        var result = stream.Assemble(1_000);

        Assert.Equal(
            ["user: build it", "assistant: tool_use(a) | tool_use(b)", "user: tool_result(a) | tool_result(b) | hurry"],
            result.Render());
    }

    [Fact]
    public void Consecutive_user_messages_are_merged_into_one_message()
    {
        var stream = new SessionStream().User("one").System("queued").User("two").Agent("both");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: one | two", "assistant: both"], result.Render());
    }

    [Fact]
    public void Consecutive_replies_are_merged_into_one_message_with_thinking_in_front()
    {
        var stream = new SessionStream()
            .User("go")
            .Agent("first")
            .Agent("second", thinking: "plan", signature: "sig").Call("a").Response("a");

        var result = stream.Assemble(1_000);

        Assert.Equal(
            ["user: go", "assistant: thinking(plan) | first | second | tool_use(a)", "user: tool_result(a)"],
            result.Render());
    }

    [Fact]
    public void A_dangling_tool_call_is_left_out_with_its_group()
    {
        var stream = new SessionStream()
            .User("run it")
            .Agent("running", thinking: "t", signature: "s").Call("a");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: run it"], result.Render());
        Assert.Equal(1, result.EventCount);
    }

    [Fact]
    public void A_partly_answered_round_is_left_out_whole_but_the_users_words_stay()
    {
        var stream = new SessionStream()
            .User("run both")
            .Agent("running").Call("a").Call("b").Response("a").User("stop")
            .System("interrupted")
            .User("what happened?");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: run both | stop | what happened?"], result.Render());
    }

    [Fact]
    public void A_tool_response_without_its_call_is_left_out()
    {
        var stream = new SessionStream().User("hi").Response("ghost").Agent("hello");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: hi", "assistant: hello"], result.Render());
        Assert.Equal(2, result.EventCount);
    }

    [Fact]
    public void The_window_starts_on_a_user_message_with_plain_text()
    {
        var stream = new SessionStream()
            .User("first", 10)
            .Agent("").Call("a", tokens: 10).Response("a", tokens: 10)
            .Agent("", 0).Call("b", tokens: 10).Response("b", tokens: 10)
            .User("second", 10)
            .Agent("answer", 10);

        // The budget reaches into the rounds of the first turn: they are dropped up to "second".
        var result = stream.Assemble(45);

        Assert.Equal(["user: second", "assistant: answer"], result.Render());
        Assert.Equal(8, result.FirstSeq);
    }

    [Fact]
    public void The_result_never_starts_with_a_reply_or_a_tool_result()
    {
        var stream = new SessionStream()
            .Agent("I start").Call("a").Response("a")
            .Agent("and go on")
            .User("now me")
            .Agent("ok");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: now me", "assistant: ok"], result.Render());
        Assert.True(result.Truncated);
    }

    [Fact]
    public void Without_any_user_message_the_window_is_empty()
    {
        var stream = new SessionStream().Started().Agent("hello?").System("nobody here");

        Assert.Same(ViewportResult.Empty, stream.Assemble(1_000));
        Assert.Same(ViewportResult.Empty, Viewport.Assemble([], 1_000));
    }

    [Fact]
    public void System_messages_and_session_start_are_never_sent_and_cost_nothing()
    {
        var stream = new SessionStream()
            .Started(tokens: 5_000)
            .User("hi", 10)
            .System("model switched", tokens: 5_000)
            .Agent("hello", 10)
            .System("saved", tokens: 5_000);

        var result = stream.Assemble(20);

        Assert.Equal(["user: hi", "assistant: hello"], result.Render());
        Assert.Equal(20, result.Tokens);
        Assert.Equal(2, result.EventCount);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void Empty_replies_produce_no_empty_text_block()
    {
        var stream = new SessionStream()
            .User("go")
            .Agent("").Call("a").Response("a")
            .Agent("", thinking: "nothing to say", signature: "sig")
            .Agent("done");

        var result = stream.Assemble(1_000);

        Assert.Equal(["user: go", "assistant: tool_use(a)", "user: tool_result(a)", "assistant: done"], result.Render());
        Assert.DoesNotContain(result.Messages.SelectMany(m => m.Content), c => c is TextContent { Text.Length: 0 });
    }

    [Fact]
    public void When_the_newest_turn_alone_overflows_its_opening_message_is_kept_and_its_middle_left_out()
    {
        var stream = new SessionStream().User("earlier", 10).Agent("sure", 10).User("refactor everything", 10);
        for (var i = 0; i < 10; i++)
        {
            stream.Agent("", 0).Call($"c{i}", tokens: 10).Response($"c{i}", tokens: 10);
        }

        var result = stream.Assemble(50);

        Assert.Equal(
            [
                "user: refactor everything",
                "assistant: tool_use(c8)",
                "user: tool_result(c8)",
                "assistant: tool_use(c9)",
                "user: tool_result(c9)",
            ],
            result.Render());
        Assert.Equal(50, result.Tokens);
        Assert.Equal(3, result.FirstSeq);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void It_reads_only_the_tail_the_budget_reaches()
    {
        var stream = new SessionStream().Started();
        for (var i = 0; i < 50_000; i++)
        {
            stream.User($"question {i}", 10).Agent($"answer {i}", 10);
        }

        var events = new CountingList(stream.Events);
        var result = Viewport.Assemble(events, 100);

        Assert.Equal(10, result.EventCount);
        Assert.True(events.Reads < 20, $"read {events.Reads} events");
    }

    [Fact]
    public void Assembling_is_deterministic()
    {
        var stream = RandomStream(new Random(7), 300);

        var first = Viewport.Assemble(stream.Events, 400);
        var second = Viewport.Assemble(stream.Events, 400);

        Assert.Equal(first.Render(), second.Render());
        Assert.Equal((first.Tokens, first.FirstSeq, first.EventCount, first.Truncated), (second.Tokens, second.FirstSeq, second.EventCount, second.Truncated));
    }

    [Fact]
    public void Random_streams_always_give_a_valid_window()
    {
        var (windows, toolRounds, overBudget, truncated) = (0, 0, 0, 0);
        for (var seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var stream = RandomStream(random, random.Next(0, 80));
            var budget = random.Next(0, 400);

            var result = stream.Assemble(budget);

            var context = $"seed {seed}, budget {budget}:\n{string.Join("\n", result.Render())}";
            AssertValid(stream, result, budget, context);
            windows += result.Messages.Count > 0 ? 1 : 0;
            toolRounds += result.Messages.Any(m => m.Content.Any(c => c is ToolUseContent)) ? 1 : 0;
            overBudget += result.Tokens > budget ? 1 : 0;
            truncated += result.Truncated ? 1 : 0;
        }

        // The streams exercise every path, not only the easy one.
        Assert.True(windows > 400 && toolRounds > 200 && overBudget > 10 && truncated > 200, $"{windows} {toolRounds} {overBudget} {truncated}");
    }

    /// <summary>
    /// A mostly well-formed journal with the accidents a real one can have: dangling calls, orphan
    /// responses, users typing during a tool round, system notes, empty and repeated replies. Texts and
    /// ids name the event's sequence number, so the specs can map the window back to the events.
    /// </summary>
    private static SessionStream RandomStream(Random random, int steps)
    {
        var stream = new SessionStream().Started(random.Next(0, 100));
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(100);
            if (roll < 30)
            {
                stream.User($"u{stream.NextSeq}", random.Next(1, 60));
            }
            else if (roll < 45)
            {
                RandomReply(random, stream, allowEmpty: true);
            }
            else if (roll < 90)
            {
                RandomRound(random, stream);
            }
            else
            {
                stream.System($"s{stream.NextSeq}", random.Next(0, 500));
            }
        }

        return stream;
    }

    private static void RandomReply(Random random, SessionStream stream, bool allowEmpty)
    {
        var seq = stream.NextSeq;
        var text = allowEmpty && random.Next(4) == 0 ? "" : $"a{seq}";
        var thinking = random.Next(3) == 0 ? $"t{seq}" : null;
        var signature = thinking is not null && random.Next(4) > 0 ? "sig" : null;
        stream.Agent(text, random.Next(0, 60), thinking, signature);
    }

    private static void RandomRound(Random random, SessionStream stream)
    {
        if (random.Next(10) > 0)
        {
            RandomReply(random, stream, allowEmpty: true);
        }

        var callIds = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var callId = $"c{stream.NextSeq}";
            callIds.Add(callId);
            stream.Call(callId, tokens: random.Next(1, 40));
        }

        var responses = callIds.OrderBy(_ => random.Next()).ToList();
        if (random.Next(10) == 0)
        {
            responses.RemoveAt(random.Next(responses.Count));
        }

        foreach (var callId in responses)
        {
            if (random.Next(8) == 0)
            {
                stream.User($"u{stream.NextSeq}", random.Next(1, 30));
            }

            if (random.Next(20) == 0)
            {
                stream.Response($"orphan{stream.NextSeq}", $"r{stream.NextSeq}", tokens: random.Next(1, 40));
            }

            if (random.Next(10) == 0)
            {
                stream.System($"s{stream.NextSeq}", random.Next(0, 500));
            }

            stream.Response(callId, $"r{stream.NextSeq}", isError: random.Next(5) == 0, tokens: random.Next(1, 80));
        }
    }

    private static void AssertValid(SessionStream stream, ViewportResult result, int budget, string context)
    {
        var messages = result.Messages;
        var last = stream.Events[^1];
        if (last.Event is UserMessage lastUser)
        {
            Assert.True(
                messages.SelectMany(m => m.Content).OfType<TextContent>().Any(t => t.Text == lastUser.Text),
                $"the newest user message is missing; {context}");
        }

        if (messages.Count == 0)
        {
            Assert.Equal(0, result.Tokens);
            Assert.Equal(0, result.EventCount);
            return;
        }

        // Starts on plain user text.
        Assert.True(messages[0].Role == LlmRole.User, context);
        Assert.DoesNotContain(messages[0].Content, c => c is ToolResultContent);
        Assert.Contains(messages[0].Content, c => c is TextContent);

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            Assert.True(message.Content.Count > 0, $"empty message {i}; {context}");
            Assert.DoesNotContain(message.Content, c => c is TextContent { Text.Length: 0 });
            if (i > 0)
            {
                Assert.True(message.Role != messages[i - 1].Role, $"roles do not alternate at {i}; {context}");
            }

            if (message.Role == LlmRole.Assistant)
            {
                Assert.DoesNotContain(message.Content, c => c is ToolResultContent);
                var thinkingHead = message.Content.TakeWhile(c => c is ThinkingContent).Count();
                Assert.True(message.Content.Skip(thinkingHead).All(c => c is not ThinkingContent), $"thinking not in front at {i}; {context}");
                var uses = message.Content.OfType<ToolUseContent>().Select(u => u.Id).ToList();
                if (uses.Count > 0)
                {
                    Assert.True(i + 1 < messages.Count, $"tool_use without tool_result at {i}; {context}");
                }
            }
            else
            {
                Assert.DoesNotContain(message.Content, c => c is ToolUseContent or ThinkingContent);
                var results = message.Content.OfType<ToolResultContent>().Select(r => r.ToolUseId).ToList();
                var uses = i > 0 ? messages[i - 1].Content.OfType<ToolUseContent>().Select(u => u.Id).ToList() : [];
                Assert.True(uses.SequenceEqual(results), $"tool_results do not answer the tool_uses at {i}; {context}");
                Assert.True(message.Content.Take(results.Count).All(c => c is ToolResultContent), $"tool_results not first at {i}; {context}");
            }
        }

        // Map the window back to the events it was built from.
        var bySeq = stream.Events.ToDictionary(e => e.Seq);
        var included = new HashSet<long>();
        foreach (var content in messages.SelectMany(m => m.Content))
        {
            var name = content switch
            {
                TextContent text => text.Text,
                ThinkingContent thinking => thinking.Thinking,
                ToolUseContent use => use.Id,
                ToolResultContent toolResult => toolResult.Content,
                _ => throw new InvalidOperationException(),
            };
            var seq = long.Parse(name[1..]);
            included.Add(seq);
            Assert.True(bySeq.ContainsKey(seq), context);
        }

        // A reply with nothing to send still went out with its tool calls (and cost what it cost).
        foreach (var seq in included.ToList())
        {
            if (bySeq[seq].Event is not ToolCall)
            {
                continue;
            }

            var before = seq - 1;
            while (bySeq.TryGetValue(before, out var earlier) && earlier.Event is ToolCall)
            {
                before--;
            }

            if (bySeq.TryGetValue(before, out var reply) && reply.Event is AgentMessage)
            {
                included.Add(before);
            }
        }

        var eventsIncluded = stream.Events.Where(e => included.Contains(e.Seq)).ToList();
        Assert.True(eventsIncluded.Sum(e => e.Tokens) == result.Tokens, $"tokens do not add up; {context}");
        Assert.Equal(eventsIncluded.Count, result.EventCount);
        Assert.Equal(eventsIncluded.Min(e => e.Seq), result.FirstSeq);

        if (result.Tokens > budget)
        {
            // Over budget only with the newest group, after the user message that opened its turn.
            Assert.True(result.Truncated, context);
            Assert.True(messages.Count <= 3, $"over budget with more than the newest group; {context}");
            Assert.True(messages.Count == 1 || messages[0].Content.Count == 1, $"over budget with more than the newest group; {context}");
        }
    }

    /// <summary>A list that counts how many of its events were read.</summary>
    private sealed class CountingList(IReadOnlyList<ViewportEvent> inner) : IReadOnlyList<ViewportEvent>
    {
        public int Reads { get; private set; }

        public int Count => inner.Count;

        public ViewportEvent this[int index]
        {
            get
            {
                Reads++;
                return inner[index];
            }
        }

        public IEnumerator<ViewportEvent> GetEnumerator()
        {
            for (var i = 0; i < inner.Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
