using Anima.Actors.Agent;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.FakeAnthropic;
using Anima.Messages.Sessions;

namespace Anima.Tests.Agent;

/// <summary>
/// One model call relayed to a session: the real provider against the wire-level fake, a probe standing in for
/// the session actor that receives the deltas.
/// </summary>
public sealed class StreamRelaySpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string SessionId = "relayed";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private FakeAnthropicServer _fake = null!;
    private AnthropicProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = "sk-ant-test" });
        _provider = new AnthropicProvider(new AnthropicProviderOptions(_fake.BaseUrl, "sk-ant-test", null, Patience));
    }

    public async Task DisposeAsync()
    {
        _provider.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task The_streamed_text_reaches_the_session_before_the_answer_comes_back()
    {
        const string answer = "Here is an answer long enough to stream in a good many separate pieces.";
        _fake.Enqueue(FakeResponse.Text(answer) with { ChunkSize = 4 });
        var session = CreateTestProbe();

        var outcome = await new StreamRelay(session, SessionId).RelayAsync(_provider, Ask(), CancellationToken.None);

        var answered = Assert.IsType<StreamRelay.Answered>(outcome);
        Assert.Equal(answer, answered.Response.Text);
        Assert.Equal(answer, string.Concat(Deltas(session).Select(d => d.Text)));
    }

    [Fact]
    public async Task Text_that_arrives_while_the_last_delta_is_fresh_goes_out_together()
    {
        const string answer = "Twenty pieces of four characters each make eighty characters of a quick answer.";
        // Pieces a few milliseconds apart: the first goes out alone, the rest arrive while the relay pauses.
        _fake.Enqueue(FakeResponse.Text(answer) with { ChunkSize = 4, DeltaDelay = TimeSpan.FromMilliseconds(5) });
        var session = CreateTestProbe();

        // An interval longer than the stream: the first piece goes out at once, everything after waits for the
        // end, and the end cuts the pause short.
        await new StreamRelay(session, SessionId, TimeSpan.FromHours(1)).RelayAsync(_provider, Ask(), CancellationToken.None)
            .WaitAsync(Patience);

        var deltas = Deltas(session);
        Assert.InRange(deltas.Count, 1, 2);
        Assert.StartsWith(deltas[0].Text, answer);
        Assert.Equal(answer, string.Concat(deltas.Select(d => d.Text)));
    }

    [Fact]
    public async Task Thinking_goes_to_the_session_as_thinking_deltas()
    {
        _fake.Enqueue(FakeResponse.WithThinking("Let me weigh this.", "Decided."));
        var session = CreateTestProbe();

        var outcome = await new StreamRelay(session, SessionId).RelayAsync(_provider, Ask(), CancellationToken.None);

        Assert.Equal("Decided.", Assert.IsType<StreamRelay.Answered>(outcome).Response.Text);
        var thinking = session.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => ((PublishTransient)m).Event as ThinkingDelta)
            .OfType<ThinkingDelta>();
        Assert.Equal("Let me weigh this.", string.Concat(thinking.Select(t => t.Text)));
    }

    [Fact]
    public async Task An_interrupted_call_comes_back_with_the_text_streamed_so_far()
    {
        _fake.Enqueue(FakeResponse.Hang("Half an answ"));
        var session = CreateTestProbe();
        using var interrupt = new CancellationTokenSource();

        var relayed = new StreamRelay(session, SessionId).RelayAsync(_provider, Ask(), interrupt.Token);
        Assert.Equal("Half an answ", session.ExpectMsg<PublishTransient>(Patience).Event is TextDelta delta ? delta.Text : null);
        await interrupt.CancelAsync();

        var cancelled = Assert.IsType<StreamRelay.Cancelled>(await relayed.WaitAsync(Patience));
        Assert.Equal("Half an answ", cancelled.PartialText);
    }

    [Fact]
    public async Task A_refused_call_comes_back_as_a_failure_with_the_providers_reason()
    {
        _fake.Enqueue(FakeResponse.Error(400, "invalid_request_error", "max_tokens is too large"));
        var session = CreateTestProbe();

        var outcome = await new StreamRelay(session, SessionId).RelayAsync(_provider, Ask(), CancellationToken.None);

        var failed = Assert.IsType<StreamRelay.Failed>(outcome);
        Assert.Equal(ProviderErrorKind.BadRequest, Assert.IsType<ProviderException>(failed.Cause).Kind);
        session.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private static LlmRequest Ask() =>
        new("claude-test", 4096, "You are Anima.", [new LlmMessage(LlmRole.User, [new TextContent("hi")])], []);

    /// <summary>Every text delta the relay sent; it has sent them all once its call returned.</summary>
    private static List<TextDelta> Deltas(Akka.TestKit.TestProbe session) =>
        session.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => ((PublishTransient)m).Event as TextDelta)
            .OfType<TextDelta>()
            .ToList();
}
