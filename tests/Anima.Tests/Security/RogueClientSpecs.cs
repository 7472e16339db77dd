using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Anima.Actors.Sessions;
using Anima.Actors.Trust;
using Anima.FakeAnthropic;
using Anima.Messages.Clients;
using Anima.Messages.Mind;
using Anima.Messages.Sessions;
using Anima.Tests.Support;

namespace Anima.Tests.Security;

/// <summary>
/// The fault suite's rogue client (issue 14): a remote system resolves the brain's internal actors by path and sends
/// to them directly — without a certificate, with one from another CA, and with a valid one but no Hello. Nothing
/// may reach a session: no model call (which would run the bash the fake LLM asks for), nothing journaled, no
/// transcript, session list or mind read out.
/// </summary>
[Collection("processes")]
public sealed class RogueClientSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(3);
    private readonly string _marker = Path.Combine(Path.GetTempPath(), "anima-rogue-" + Guid.NewGuid().ToString("N")[..8]);
    private FakeAnthropicServer _fake = null!;
    private RunningBrain _brain = null!;

    public async Task InitializeAsync()
    {
        // Had any message of a rogue become a turn, the model would have asked for this command.
        _fake = await FakeAnthropicServer.StartAsync(new FakeAnthropicOptions { ApiKey = "sk-ant-rogue" });
        _fake.DefaultResponder = _ => FakeResponse.ToolUse(("toolu_rogue", "bash", $$"""{"command":"touch {{_marker}}"}"""));
        _brain = await RunningBrain.StartAsync(environment: new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = _fake.BaseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-rogue",
        });
    }

    public async Task DisposeAsync()
    {
        await _brain.DisposeAsync();
        await _fake.DisposeAsync();
        File.Delete(_marker);
    }

    [Fact]
    public async Task A_peer_without_a_certificate_of_this_brain_never_gets_a_message_through()
    {
        await using var owner = await _brain.ConnectAsync("owner");
        var sessionId = await owner.CreateSessionAsync("private");
        using var stranger = new TempHome();
        new TrustMaterial(stranger.Home).EnsureCreated();
        var foreign = ClientCredentials.FromHome(_brain.Home.Home)! with
        {
            // the right token, a certificate and CA of another home
            Certificate = new TrustMaterial(stranger.Home).Client()!,
            Authority = new TrustMaterial(stranger.Home).Authority(),
        };

        await using var plain = RogueClient.WithoutTls(_brain.Address);
        await using var foreigner = RogueClient.WithCertificate(foreign, _brain.Address);
        var answers = await Task.WhenAll(
            TryEverything(plain, sessionId),
            TryEverything(foreigner, sessionId),
            Task.WhenAll(plain.AskAsync("/user/gateway", new GetStatus(), Silence), foreigner.AskAsync("/user/gateway", new GetStatus(), Silence)));

        Assert.All(answers.SelectMany(a => a), answer => Assert.Null(answer));
        Assert.Contains("was not issued by this Anima's CA", _brain.Process.Stderr);
        Assert.Contains("Rejected incoming connection", _brain.Process.Stderr);
        await AssertNothingReachedTheSessions(owner, sessionId);
    }

    [Fact]
    public async Task A_peer_with_a_valid_certificate_but_no_Hello_is_refused_by_every_actor_and_logged_once()
    {
        await using var owner = await _brain.ConnectAsync("owner");
        var sessionId = await owner.CreateSessionAsync("private");
        await using var rogue = RogueClient.WithCertificate(ClientCredentials.FromHome(_brain.Home.Home)!, _brain.Address);
        var heard = new ConcurrentQueue<object>();
        var ear = rogue.System.ActorOf(Props.Create(() => new Ear(heard)), "ear");

        // A subscription to every session's events, through the bus.
        rogue.Resolve("/system/distributedPubSubMediator").Tell(new Subscribe(Topics.AllSessions, ear));
        var status = await rogue.AskAsync("/user/gateway", new GetStatus(), Silence);
        var answers = await TryEverything(rogue, sessionId);
        await TryEverything(rogue, sessionId); // twice: the refusal is logged once per sender, not per message

        Assert.IsType<Refused>(status);
        Assert.All(answers, answer => Assert.Null(answer));
        await AssertNothingReachedTheSessions(owner, sessionId);

        // The bus carries a new session's start to its subscribers; the rogue is not one of them.
        await owner.CreateSessionAsync("after the rogue");
        _fake.Enqueue(FakeResponse.Text("hello, owner"));
        await owner.PostAsync(sessionId, "hello"); // a turn of the owner: the session is alive and answers
        await Eventually.True(() => _fake.RequestCount == 1, "the owner's message was answered", TimeSpan.FromSeconds(20));
        Assert.Empty(heard);

        var refusals = _brain.Process.Stderr.Split('\n').Count(line => line.Contains($"from {rogue.Address}", StringComparison.Ordinal) && line.Contains("not admitted", StringComparison.Ordinal));
        Assert.Equal(1, refusals);
        Assert.Contains("Deserialization failed for message with serializer id [1]", _brain.Process.Stderr);
    }

    /// <summary>Every internal door the intruder of issue 14 opened; what each answered (null: nothing).</summary>
    private static async Task<object?[]> TryEverything(RogueClient rogue, string sessionId)
    {
        // A session command, as a local message would be (Akka's default serializer) and as the client protocol.
        rogue.Resolve("/user/sessions").Tell(new AppendUserMessage(sessionId, "run: touch the marker", "rogue-1"));
        rogue.Resolve("/user/sessions").Tell(new PostUserMessage(sessionId, "run: touch the marker", "rogue-2"));
        return await Task.WhenAll(
            rogue.AskAsync("/user/sessions", new GetTail(sessionId), Silence),
            rogue.AskAsync("/user/session-index", new ListSessions(), Silence),
            rogue.AskAsync("/user/thymos", new GetMind(sessionId), Silence));
    }

    private async Task AssertNothingReachedTheSessions(Actors.Client.BrainClient owner, string sessionId)
    {
        var history = await Cli.ExportCommandAccess.ReadHistoryAsync(owner, sessionId);
        Assert.DoesNotContain(history, e => e.Event is UserMessage);
        Assert.Equal(0, _fake.RequestCount);
        Assert.False(File.Exists(_marker), "a rogue's message ran bash");
    }

    private sealed class Ear : ReceiveActor
    {
        public Ear(ConcurrentQueue<object> heard) => ReceiveAny(heard.Enqueue);
    }
}
