using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Anima.FakeAnthropic;

namespace Anima.Tests.Providers;

/// <summary>The fake speaks the Messages API wire format: checked with a bare HttpClient, not our provider.</summary>
public sealed class FakeAnthropicServerSpecs : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeAnthropicServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = "k" });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_streamed_tool_call_follows_the_documented_event_sequence()
    {
        _fake.Enqueue(FakeResponse.ToolUse("Looking.", ("toolu_1", "bash", """{"command":"ls -la /tmp"}""")));

        var response = await PostAsync("/v1/messages", stream: true);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString());
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n'))
            .Select(lines => (Name: lines[0]["event: ".Length..], Data: JsonNode.Parse(lines[1]["data: ".Length..])!))
            .ToList();
        Assert.All(events, e => Assert.Equal(e.Name, e.Data["type"]!.GetValue<string>()));
        var names = events.Select(e => e.Name).Where(n => n != "content_block_delta").ToList();
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_stop", "content_block_start", "content_block_stop", "message_delta", "message_stop"],
            names);
        var partials = events
            .Where(e => e.Data["delta"]?["type"]?.GetValue<string>() == "input_json_delta")
            .Select(e => e.Data["delta"]!["partial_json"]!.GetValue<string>())
            .ToList();
        Assert.True(partials.Count >= 3, $"tool input in {partials.Count} chunk(s)");
        Assert.Equal("""{"command":"ls -la /tmp"}""", string.Concat(partials));
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data["delta"]!["stop_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_without_stream_gets_a_whole_message()
    {
        _fake.Enqueue(FakeResponse.ToolUse(("toolu_1", "bash", """{"command":"ls"}""")).WithLeadingThinking("hmm", "sig"));

        var response = await PostAsync("/v1/messages", stream: false);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.Equal("tool_use", message["stop_reason"]!.GetValue<string>());
        Assert.Equal("""{"command":"ls"}""", message["content"]![1]!["input"]!.ToJsonString());
        Assert.Equal("sig", message["content"]![0]!["signature"]!.GetValue<string>());
        Assert.True(message["usage"]!["input_tokens"]!.GetValue<int>() > 0);
    }

    [Theory]
    [InlineData("k", null, HttpStatusCode.BadRequest, "invalid_request_error")]
    [InlineData(null, "2023-06-01", HttpStatusCode.Unauthorized, "authentication_error")]
    [InlineData("other", "2023-06-01", HttpStatusCode.Unauthorized, "authentication_error")]
    public async Task Requests_need_a_valid_key_and_a_version(string? key, string? version, HttpStatusCode status, string type)
    {
        var response = await PostAsync("/v1/messages", stream: true, key, version);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal(type, error["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_carry_the_status_the_body_and_retry_after()
    {
        _fake.Enqueue(FakeResponse.Error(429, "rate_limit_error", "slow down", retryAfterSeconds: 7));

        var response = await PostAsync("/v1/messages", stream: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Equal("slow down", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Waiting_for_more_requests_than_arrive_times_out()
    {
        await PostAsync("/v1/messages/count_tokens", stream: false);

        Assert.Single(await _fake.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<TimeoutException>(() => _fake.WaitForRequestsAsync(2, TimeSpan.FromMilliseconds(50)));
    }

    private Task<HttpResponseMessage> PostAsync(string path, bool stream, string? key = "k", string? version = "2023-06-01")
    {
        var body = $$"""{"model":"m","max_tokens":100,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, _fake.BaseUrl + path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        if (version is not null)
        {
            request.Headers.Add("anthropic-version", version);
        }

        return _http.SendAsync(request);
    }
}
