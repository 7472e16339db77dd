using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Dispatch.SysMsg;
using Akka.Util;
using Anima.Actors.Gateway;
using Anima.Actors.Protocol;
using Anima.Client;
using Anima.Client.Trust;
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
/// transcript, session list or mind read out. And a client the gateway admitted (a stolen bundle holds the token too)
/// may neither join the brain's cluster nor stop its actors with what no mailbox can judge: messages without a sender,
/// a poison pill inside a pub-sub message, Kill, system messages.
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
        // The mind's appraisal of the owner's message, by its small model: answered aside.
        _fake.AnswerModel(Actors.Mind.MindConfig.Defaults.Appraisal.Model!, _ => FakeResponse.Text("""{"stimuli": []}"""));
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
        // The brain logs each refusal as it happens, which may be after the peers gave up: wait for the lines.
        await _brain.Process.WaitForOutputAsync("was not issued by this Anima's CA", TimeSpan.FromSeconds(20));
        await _brain.Process.WaitForOutputAsync("Rejected incoming connection", TimeSpan.FromSeconds(20));
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
        await Eventually.True(() => _fake.RequestsFor("claude-sonnet-4-5").Count == 1, "the owner's message was answered", TimeSpan.FromSeconds(20));
        Assert.Empty(heard);

        var refusals = _brain.Process.Stderr.Split('\n').Count(line => line.Contains($"from {rogue.Address}", StringComparison.Ordinal) && line.Contains("not admitted", StringComparison.Ordinal));
        Assert.Equal(1, refusals);
        Assert.Contains("Refused general-purpose JSON from the wire", _brain.Process.Stderr);
    }

    [Fact]
    public async Task A_client_with_a_valid_certificate_and_the_token_never_joins_the_brains_cluster()
    {
        var credentials = ClientCredentials.FromHome(_brain.Home.Home)!;
        await using var rogue = RogueClient.AsClusterNode(credentials, _brain.Address);
        Assert.IsType<Welcome>(await rogue.AskAsync("/user/gateway", new Hello(credentials.Token, "rogue", BrainInfo.CurrentVersion), Silence));

        // Admitted, so its messages pass every mailbox: to join, as itself (with and without a sender to welcome),
        // and as a new incarnation of the brain (a cluster downs the old one, and the brain would shut itself down).
        var daemon = rogue.Resolve("/system/cluster/core/daemon");
        var itsDaemon = await rogue.System.ActorSelection("/system/cluster/core/daemon").ResolveOne(Silence);
        var self = Cluster.Get(rogue.System).SelfUniqueAddress;
        var brain = new UniqueAddress(Address.Parse(rogue.BrainSystem), 42);
        daemon.Tell(ClusterMessage("InitJoin"), itsDaemon);
        daemon.Tell(ClusterMessage("Join", self, ImmutableHashSet.Create("client"), AppVersion.Zero), itsDaemon);
        daemon.Tell(ClusterMessage("Join", self, ImmutableHashSet<string>.Empty, AppVersion.Zero), ActorRefs.NoSender);
        daemon.Tell(ClusterMessage("Join", brain, ImmutableHashSet<string>.Empty, AppVersion.Zero), ActorRefs.NoSender);

        await BrainLogsAsync(("Refused a cluster message from the wire", 4));
        await using var owner = await _brain.ConnectAsync("owner");
        Assert.Equal(0, (await owner.StatusAsync()).SessionCount);
        Assert.DoesNotContain("JOINING", _brain.Process.Stderr.Replace("is JOINING itself", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("incarnation", _brain.Process.Stderr);
        Assert.False(_brain.Process.HasExited);
    }

    [Fact]
    public async Task A_client_with_a_valid_certificate_and_the_token_cannot_stop_the_brains_actors_through_the_wire()
    {
        var credentials = ClientCredentials.FromHome(_brain.Home.Home)!;
        await using var rogue = RogueClient.AsClusterNode(credentials, _brain.Address);
        Assert.IsType<Welcome>(await rogue.AskAsync("/user/gateway", new Hello(credentials.Token, "rogue", BrainInfo.CurrentVersion), Silence));

        // A poison pill through the bus to every subscriber (the session list, the mind), with no sender for a mailbox
        // to check; Kill, which untrusted mode lets through; system messages, which no mailbox sees.
        rogue.Resolve("/system/distributedPubSubMediator").Tell(new Publish(Topics.AllSessions, PoisonPill.Instance), ActorRefs.NoSender);
        rogue.Resolve("/user/gateway").Tell(Kill.Instance, ActorRefs.NoSender);
        ((IInternalActorRef)rogue.Resolve("/user/gateway")).SendSystemMessage(new Suspend());
        ((IInternalActorRef)rogue.Resolve("/user/session-index")).SendSystemMessage(new Recreate(new InvalidOperationException("rogue")));

        await BrainLogsAsync(
            ("Refused a pub-sub message from the wire", 1),
            ("Refused a Kill from the wire", 1),
            ("Refused a Suspend system message from the wire", 1),
            ("Refused a Recreate system message from the wire", 1));

        // The gateway welcomes the owner, the session list and the mind answer, and a turn runs.
        await using var owner = await _brain.ConnectAsync("owner");
        var sessionId = await owner.CreateSessionAsync("after the rogue");
        Assert.Single(await owner.ListSessionsAsync());
        Assert.Equal(sessionId, (await owner.RequestAsync<MindReport>(new GetMind(sessionId))).SessionId);
        _fake.Enqueue(FakeResponse.Text("hello, owner"));
        await owner.PostAsync(sessionId, "hello");
        await Eventually.True(() => _fake.RequestCount == 1, "the owner's message was answered", TimeSpan.FromSeconds(20));
        Assert.Single(_brain.Process.Stderr.Split('\n'), line => line.Contains("Session list caught up", StringComparison.Ordinal)); // never restarted
    }

    [Fact]
    public async Task A_reply_to_a_forged_sender_never_makes_the_brain_dial_out()
    {
        // Akka.Remote shuts down a system whose outbound TLS handshake fails: a sender naming some other listener
        // (here the fake LLM's HTTP port) would have the brain dial it to answer, and end the brain.
        await using var rogue = RogueClient.WithCertificate(ClientCredentials.FromHome(_brain.Home.Home)!, _brain.Address);
        var elsewhere = new Uri(_fake.BaseUrl);
        var forged = ((ExtendedActorSystem)rogue.System).Provider.ResolveActorRef($"akka.ssl.tcp://anima-client@127.0.0.1:{elsewhere.Port}/user/link");
        rogue.Resolve("/user/gateway").Tell(new GetStatus(), forged);

        await BrainLogsAsync(($"Tried to associate with unreachable remote address [akka.ssl.tcp://anima-client@127.0.0.1:{elsewhere.Port}]", 1));
        Assert.Contains("The brain does not dial", _brain.Process.Stderr);
        await using var owner = await _brain.ConnectAsync("owner");
        Assert.Equal(0, (await owner.StatusAsync()).SessionCount);
        Assert.DoesNotContain("CoordinatedShutdown", _brain.Process.Stderr);
    }

    /// <summary>One of Akka.Cluster's internal messages, made as the cluster makes it (an intruder's code can).</summary>
    private static object ClusterMessage(string name, params object[] arguments) =>
        Activator.CreateInstance(typeof(Cluster).Assembly.GetType("Akka.Cluster.InternalClusterAction+" + name, throwOnError: true)!, arguments)!;

    /// <summary>Waits until the brain's log has each line as many times as given; fails with what it said.</summary>
    private async Task BrainLogsAsync(params (string Text, int Times)[] expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!expected.All(e => Lines(_brain.Process.Stderr, e.Text) == e.Times))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The brain did not log {string.Join(", ", expected.Select(e => $"'{e.Text}' {e.Times}×"))}; it said:\n{_brain.Process.Stderr}");
            await Task.Delay(25);
        }
    }

    private static int Lines(string text, string containing) =>
        text.Split('\n').Count(line => line.Contains(" WRN ", StringComparison.Ordinal) && line.Contains(containing, StringComparison.Ordinal));

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

    private async Task AssertNothingReachedTheSessions(Client.BrainClient owner, string sessionId)
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
