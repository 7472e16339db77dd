using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anima.Actors.Providers;
using Anima.FakeAnthropic;

namespace Anima.Tests.Providers;

/// <summary>The Anthropic provider against the wire-level fake: real HTTP and SSE on loopback, no mocks.</summary>
public sealed class AnthropicProviderSpecs : IAsyncLifetime
{
    private const string ApiKey = "sk-ant-test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private FakeAnthropicServer _fake = null!;
    private AnthropicProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = ApiKey });
        _provider = Provider(_fake.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _provider.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Text_streams_as_deltas_then_a_final_response()
    {
        const string answer = "Hello there! This answer is long enough to arrive in several deltas.";
        _fake.Enqueue(FakeResponse.Text(answer) with { InputTokens = 42, OutputTokens = 17, CacheReadTokens = 5, CacheWriteTokens = 3 });

        var events = await CollectAsync(Ask("hi"));

        var deltas = events.OfType<LlmTextDelta>().ToList();
        Assert.True(deltas.Count > 1, $"expected several deltas, got {deltas.Count}");
        Assert.Equal(answer, string.Concat(deltas.Select(d => d.Text)));
        var response = Assert.IsType<LlmResponse>(events[^1]);
        Assert.Equal(answer, response.Text);
        Assert.Null(response.Thinking);
        Assert.Empty(response.ToolUses);
        Assert.Equal("end_turn", response.StopReason);
        Assert.Equal(new Anima.Messages.Sessions.TokenUsage(42, 17, 5, 3), response.Usage);
    }

    [Fact]
    public async Task Tool_calls_are_assembled_from_input_json_deltas()
    {
        const string bashInput = """{"command":"ls -la /tmp","timeout":30,"env":{"A":"b \"quoted\""}}""";
        const string readInput = """{"path":"/home/anima/notes – ünïcode.md"}""";
        _fake.Enqueue(FakeResponse.ToolUse(
            "Let me look.",
            ("toolu_1", "bash", bashInput),
            ("toolu_2", "read_file", readInput),
            ("toolu_3", "clock", "")));

        var response = Assert.IsType<LlmResponse>((await CollectAsync(Ask("what is in /tmp?")))[^1]);

        Assert.Equal("tool_use", response.StopReason);
        Assert.Equal("Let me look.", response.Text);
        Assert.Equal(["toolu_1", "toolu_2", "toolu_3"], response.ToolUses.Select(t => t.Id));
        Assert.Equal(["bash", "read_file", "clock"], response.ToolUses.Select(t => t.Name));
        AssertSameJson(bashInput, response.ToolUses[0].InputJson);
        AssertSameJson(readInput, response.ToolUses[1].InputJson);
        Assert.Equal("{}", response.ToolUses[2].InputJson);
    }

    [Fact]
    public async Task Thinking_streams_as_deltas_and_keeps_its_signature()
    {
        const string thinking = "The user greets me; a short friendly answer will do.";
        _fake.Enqueue(FakeResponse.WithThinking(thinking, "Hi!", signature: "sig-abc123"));

        var events = await CollectAsync(Ask("hello") with { ThinkingBudget = 2048 });

        Assert.Equal(thinking, string.Concat(events.OfType<LlmThinkingDelta>().Select(d => d.Text)));
        var response = Assert.IsType<LlmResponse>(events[^1]);
        Assert.Equal(thinking, response.Thinking);
        Assert.Equal("sig-abc123", response.ThinkingSignature);
        Assert.Equal("Hi!", response.Text);
    }

    [Fact]
    public async Task The_request_carries_system_history_tools_thinking_and_credentials()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}""").RootElement;
        var request = new LlmRequest(
            "claude-test",
            8000,
            "You are Anima.",
            [
                new LlmMessage(LlmRole.User, [new TextContent("list files")]),
                new LlmMessage(LlmRole.Assistant,
                [
                    new ThinkingContent("I should run ls.", "sig-1"),
                    new TextContent("Running ls."),
                    new ToolUseContent("toolu_9", "bash", """{"command":"ls"}"""),
                ]),
                new LlmMessage(LlmRole.User,
                [
                    new ToolResultContent("toolu_9", "a.txt\nb.txt", IsError: false),
                    new ToolResultContent("toolu_8", "permission denied", IsError: true),
                ]),
            ],
            [new ToolDefinition("bash", "Runs a shell command.", schema)],
            ThinkingBudget: 2000);

        await CollectAsync(request);

        var sent = Assert.Single(await _fake.WaitForRequestsAsync(1, Patience));
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(ApiKey, sent.Header("x-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.Equal("2023-06-01", sent.Header("anthropic-version"));
        Assert.True(sent.IsStreaming);
        Assert.Equal("claude-test", sent.Model);
        Assert.Equal(8000, sent.Body!["max_tokens"]!.GetValue<int>());
        Assert.Equal("You are Anima.", sent.System);
        AssertSameJson("""{"type":"enabled","budget_tokens":2000}""", sent.Body["thinking"]!.ToJsonString());

        var messages = sent.Messages;
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        // Breakpoints for the prompt cache: the end of what the last call sent, the newest stable block, the last tool.
        AssertSameJson("""[{"type":"text","text":"list files","cache_control":{"type":"ephemeral"}}]""", messages[0]!["content"]!.ToJsonString());
        AssertSameJson(
            """
            [{"type":"thinking","thinking":"I should run ls.","signature":"sig-1"},
             {"type":"text","text":"Running ls."},
             {"type":"tool_use","id":"toolu_9","name":"bash","input":{"command":"ls"}}]
            """,
            messages[1]!["content"]!.ToJsonString());
        AssertSameJson(
            """
            [{"type":"tool_result","tool_use_id":"toolu_9","content":"a.txt\nb.txt"},
             {"type":"tool_result","tool_use_id":"toolu_8","content":"permission denied","is_error":true,"cache_control":{"type":"ephemeral"}}]
            """,
            messages[2]!["content"]!.ToJsonString());
        AssertSameJson(
            """[{"name":"bash","description":"Runs a shell command.","input_schema":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]},"cache_control":{"type":"ephemeral"}}]""",
            sent.Body["tools"]!.ToJsonString());
    }

    [Fact]
    public async Task The_volatile_tail_closes_the_last_user_message_after_every_block_a_cache_could_hold()
    {
        const string tail = "<inner_state>\nNow: Friday\n</inner_state>";
        var toolRound = new LlmRequest(
            "claude-test",
            4096,
            "You are Anima.",
            [
                new LlmMessage(LlmRole.User, [new TextContent("list files")]),
                new LlmMessage(LlmRole.Assistant, [new ToolUseContent("toolu_1", "bash", """{"command":"ls"}""")]),
                new LlmMessage(LlmRole.User, [new ToolResultContent("toolu_1", "a.txt", IsError: false), new TextContent("")]),
            ],
            [],
            VolatileTail: tail);
        var prefill = Ask("hi") with
        {
            Messages = [new LlmMessage(LlmRole.User, [new TextContent("hi")]), new LlmMessage(LlmRole.Assistant, [new TextContent("Well,")])],
            VolatileTail = tail,
        };

        await CollectAsync(toolRound);
        await CollectAsync(prefill);

        var sent = await _fake.WaitForRequestsAsync(2, Patience);
        Assert.Equal("You are Anima.", sent[0].System);
        AssertSameJson("""[{"type":"text","text":"list files","cache_control":{"type":"ephemeral"}}]""", sent[0].Messages[0]!["content"]!.ToJsonString());
        // After the tool results (the API wants those first); the empty text block the tail makes redundant is dropped.
        AssertSameJson(
            $$"""[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt","cache_control":{"type":"ephemeral"} },{"type":"text","text":{{JsonSerializer.Serialize(tail)}}}]""",
            sent[0].Messages[2]!["content"]!.ToJsonString());
        Assert.Equal(tail, sent[0].InnerState);
        // A conversation the model is to continue gets no tail: it would end in a user turn.
        Assert.DoesNotContain("inner_state", sent[1].RawBody);
    }

    [Fact]
    public async Task Code_and_any_language_go_out_as_written_not_as_unicode_escapes()
    {
        const string shell = "<div class=\"x\">a && b</div> it's done";
        const string prose = "Grüße aus Köln — 日本語も";
        var request = new LlmRequest(
            "claude-test",
            4096,
            "You are Anima.",
            [
                new LlmMessage(LlmRole.User, [new TextContent(prose)]),
                new LlmMessage(LlmRole.Assistant, [new ToolUseContent("toolu_1", "bash", """{"command": "cat <index.html | grep 'ü'"}""")]),
                new LlmMessage(LlmRole.User, [new ToolResultContent("toolu_1", shell, IsError: false)]),
            ],
            []);

        await CollectAsync(request);

        var sent = Assert.Single(await _fake.WaitForRequestsAsync(1, Patience));
        // Escaped only where JSON must: quotes and backslashes.
        Assert.Contains(prose, sent.RawBody, StringComparison.Ordinal);
        Assert.Contains("<div class=\\\"x\\\">a && b</div> it's done", sent.RawBody, StringComparison.Ordinal);
        Assert.Contains("""{"command": "cat <index.html | grep 'ü'"}""", sent.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", sent.RawBody, StringComparison.Ordinal);
        Assert.Equal(shell, sent.Messages[2]!["content"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_call_whose_input_is_not_json_is_refused_before_anything_is_sent()
    {
        var request = Ask("hi") with
        {
            Messages =
            [
                new LlmMessage(LlmRole.User, [new TextContent("hi")]),
                new LlmMessage(LlmRole.Assistant, [new ToolUseContent("toolu_1", "bash", """{"command": "ls""")]),
                new LlmMessage(LlmRole.User, [new ToolResultContent("toolu_1", "a.txt", IsError: false)]),
            ],
        };

        var refused = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(request));

        Assert.Equal(ProviderErrorKind.BadRequest, refused.Kind);
        Assert.Contains("toolu_1 (bash) is not valid JSON", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(500, 8000, 1024)] // below the API's minimum: raised
    [InlineData(10000, 4096, 4095)] // not below max_tokens: cut
    [InlineData(2000, 1024, null)] // no room for the minimum: thinking left off
    public async Task The_thinking_budget_is_clamped_to_what_the_API_accepts(int budget, int maxTokens, int? sent)
    {
        await CollectAsync(Ask("hi") with { MaxTokens = maxTokens, ThinkingBudget = budget });

        var body = Assert.Single(await _fake.WaitForRequestsAsync(1, Patience)).Body!;
        Assert.Equal(sent, body["thinking"]?["budget_tokens"]?.GetValue<int>());
    }

    [Fact]
    public async Task An_auth_token_is_sent_as_a_bearer_token()
    {
        using var provider = Provider(_fake.BaseUrl, apiKey: null, authToken: ApiKey);

        await CollectAsync(Ask("hi"), provider);

        var sent = Assert.Single(await _fake.WaitForRequestsAsync(1, Patience));
        Assert.Equal($"Bearer {ApiKey}", sent.Header("authorization"));
        Assert.Null(sent.Header("x-api-key"));
    }

    [Fact]
    public async Task Rate_limiting_is_transient_with_the_servers_retry_after()
    {
        _fake.Enqueue(FakeResponse.Error(429, "rate_limit_error", "slow down", retryAfterSeconds: 2));

        var error = await FailureAsync();

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Contains("slow down", error.Message);
    }

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(500, "api_error")]
    [InlineData(503, "api_error")]
    [InlineData(408, "timeout_error")]
    public async Task Server_trouble_is_transient(int status, string type)
    {
        _fake.Enqueue(FakeResponse.Error(status, type, "try again later"));

        var error = await FailureAsync();

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(status, error.Status);
        Assert.Null(error.RetryAfter);
        Assert.Contains("try again later", error.Message);
        Assert.Contains(type, error.Message);
    }

    [Fact]
    public async Task An_error_event_in_the_middle_of_the_stream_is_transient()
    {
        _fake.Enqueue(FakeResponse.MidStreamError("Partial answer that", "overloaded_error", "Overloaded"));
        var seen = new List<LlmStreamEvent>();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var e in _provider.StreamAsync(Ask("hi"), CancellationToken.None))
            {
                seen.Add(e);
            }
        });

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Contains("Overloaded", error.Message);
        Assert.Equal("Partial answer that", string.Concat(seen.OfType<LlmTextDelta>().Select(d => d.Text)));
        Assert.DoesNotContain(seen, e => e is LlmResponse);
    }

    [Fact]
    public async Task A_wrong_key_is_an_authentication_failure()
    {
        using var provider = Provider(_fake.BaseUrl, apiKey: "sk-wrong");

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(Ask("hi"), provider));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal(401, error.Status);
        Assert.Contains("authentication_error", error.Message);
    }

    [Fact]
    public async Task Missing_credentials_fail_as_authentication_without_calling_out()
    {
        using var provider = Provider(_fake.BaseUrl, apiKey: null, authToken: null);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(Ask("hi"), provider));

        Assert.Equal(ProviderErrorKind.Authentication, error.Kind);
        Assert.Equal(0, _fake.RequestCount);
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    public async Task A_rejected_request_is_a_bad_request(int status, string type)
    {
        _fake.Enqueue(FakeResponse.Error(status, type, "max_tokens: too large"));

        var error = await FailureAsync();

        Assert.Equal(ProviderErrorKind.BadRequest, error.Kind);
        Assert.Equal(status, error.Status);
        Assert.Contains("max_tokens: too large", error.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        using var provider = Provider($"http://127.0.0.1:{UnusedPort()}");

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(Ask("hi"), provider));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task A_silent_stream_times_out_as_transient()
    {
        using var provider = Provider(_fake.BaseUrl, timeout: TimeSpan.FromMilliseconds(300));
        _fake.Enqueue(FakeResponse.Hang("Partial"));

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(Ask("hi"), provider).WaitAsync(Patience));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Contains("Timed out", error.Message);
    }

    [Fact]
    public async Task Cancelling_mid_stream_ends_promptly_with_OperationCanceledException()
    {
        _fake.Enqueue(FakeResponse.Hang("Partial"));
        using var cancellation = new CancellationTokenSource();
        var firstDelta = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consuming = Task.Run(async () =>
        {
            await foreach (var e in _provider.StreamAsync(Ask("hi"), cancellation.Token))
            {
                if (e is LlmTextDelta)
                {
                    firstDelta.TrySetResult();
                }
            }
        });
        await firstDelta.Task.WaitAsync(Patience);

        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming.WaitAsync(Patience));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_slow_stream_delivers_each_delta_as_it_arrives()
    {
        _fake.Enqueue(FakeResponse.Slow("one two three", TimeSpan.FromMilliseconds(20), chunkSize: 4));

        var events = await CollectAsync(Ask("hi"));

        Assert.Equal(["one ", "two ", "thre", "e"], events.OfType<LlmTextDelta>().Select(d => d.Text));
    }

    [Fact]
    public async Task A_stream_reads_the_same_however_it_is_framed_and_split()
    {
        // CRLF, CR and LF line ends, a byte order mark, a comment, a data field over two lines, fields in any
        // order, characters split across reads, and a last event without its blank line.
        const string stream = "\uFEFF: warming up\r\n"
            + "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\r\n\r\n"
            + "event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n"
            + "event: content_block_delta\rdata: {\"type\":\"content_block_delta\",\"index\":0,\rdata: \"delta\":{\"text\":\"Grüße \",\"type\":\"text_delta\"}}\r\r"
            + "event: content_block_delta\ndata: {\"delta\":{\"type\":\"text_delta\",\"text\":\"🙂\"},\"type\":\"content_block_delta\",\"index\":0}\n\n"
            + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}\n\n"
            + "event: message_stop\r\ndata: {\"type\":\"message_stop\"}";
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = Task.Run(async () =>
        {
            using var connection = await server.AcceptTcpClientAsync();
            connection.NoDelay = true;
            var network = connection.GetStream();
            var request = new byte[64 * 1024];
            var received = 0;
            while (!System.Text.Encoding.ASCII.GetString(request, 0, received).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                received += await network.ReadAsync(request.AsMemory(received));
            }

            await network.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"u8.ToArray());
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(stream))
            {
                await network.WriteAsync(new[] { b });
            }
        });
        using var provider = Provider($"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}");

        var events = await CollectAsync(Ask("hi"), provider);
        await serving.WaitAsync(Patience);

        Assert.Equal(["Grüße ", "🙂"], events.OfType<LlmTextDelta>().Select(d => d.Text));
        var response = Assert.IsType<LlmResponse>(events[^1]);
        Assert.Equal("Grüße 🙂", response.Text);
        Assert.Equal("end_turn", response.StopReason);
        Assert.Equal(new Anima.Messages.Sessions.TokenUsage(7, 5), response.Usage);
    }

    [Fact]
    public async Task Count_tokens_returns_the_input_tokens_of_the_request()
    {
        var count = await _provider.CountTokensAsync(Ask("how many tokens is this?") with { ThinkingBudget = 2048 }, CancellationToken.None);

        var sent = Assert.Single(await _fake.WaitForRequestsAsync(1, Patience));
        Assert.Equal("/v1/messages/count_tokens", sent.Path);
        Assert.Equal(Math.Max(1, sent.BodyBytes / 4), count);
        Assert.Null(sent.Body!["max_tokens"]);
        Assert.Null(sent.Body["stream"]);
        Assert.Equal("You are Anima.", sent.System);
        Assert.NotNull(sent.Body["thinking"]);
    }

    [Fact]
    public async Task With_nothing_scripted_the_fake_echoes()
    {
        var response = Assert.IsType<LlmResponse>((await CollectAsync(Ask("ping")))[^1]);

        Assert.Equal("Echo: ping", response.Text);
    }

    private static AnthropicProvider Provider(string baseUrl, string? apiKey = ApiKey, string? authToken = null, TimeSpan? timeout = null) =>
        new(new AnthropicProviderOptions(baseUrl, apiKey, authToken, timeout ?? TimeSpan.FromSeconds(10)));

    private static LlmRequest Ask(string text) =>
        new("claude-test", 4096, "You are Anima.", [new LlmMessage(LlmRole.User, [new TextContent(text)])], []);

    private async Task<List<LlmStreamEvent>> CollectAsync(LlmRequest request, AnthropicProvider? provider = null)
    {
        var events = new List<LlmStreamEvent>();
        await foreach (var e in (provider ?? _provider).StreamAsync(request, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    private async Task<ProviderException> FailureAsync() =>
        await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(Ask("hi")));

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"expected {expected}\nactual   {actual}");

    private static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
