using System.Threading.Channels;
using Akka.Actor;
using Akka.Remote;
using Anima.Client.Trust;
using Anima.Messages.Clients;

namespace Anima.Client;

/// <summary>
/// A small client actor system for command-line use: connects through a <see cref="ClientLink"/>,
/// offers the protocol as tasks, and everything the brain pushes as a channel.
/// </summary>
public sealed class BrainClient : IAsyncDisposable
{
    /// <summary>How long a client waits to be welcomed, the link retrying meanwhile as its policy allows.</summary>
    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(20);

    private readonly ActorSystem _system;
    private readonly IActorRef _link;
    private readonly Channel<object> _pushes;

    private BrainClient(ActorSystem system, IActorRef link, Channel<object> pushes, Welcome welcome, BrainAddress address)
    {
        _system = system;
        _link = link;
        _pushes = pushes;
        Welcome = welcome;
        Address = address;
    }

    public Welcome Welcome { get; }

    public BrainAddress Address { get; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Everything the brain pushes: history chunks, journaled and transient events, link changes.</summary>
    public ChannelReader<object> Pushes => _pushes.Reader;

    public static async Task<BrainClient> ConnectAsync(
        BrainAddress address,
        ClientCredentials credentials,
        string clientName,
        BackoffPolicy? policy = null,
        CancellationToken cancellationToken = default)
    {
        // No probe first: its TLS handshake cost a cold connect as much as the one Akka then makes (bench: "client cold
        // connect"). A closed port or a certificate either side refuses fails the association instead (a refused
        // handshake also shuts this system down), and the probe is asked why only then.
        var system = ClientSystem.Create("anima-client", credentials, address);
        var pushes = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var greeting = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = pushes.Writer; // a plain captured variable: Akka would compile (JIT) the expression `pushes.Writer`
        var listener = system.ActorOf(Akka.Actor.Props.Create(() => new PushListener(writer, greeting)), "listener");
        system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
        var link = system.ActorOf(ClientLink.Props(address, credentials, clientName, listener, policy ?? BackoffPolicy.None), "link");
        try
        {
            object first;
            try
            {
                first = await Task.WhenAny(greeting.Task, system.WhenTerminated).WaitAsync(ConnectLimit, cancellationToken) == greeting.Task
                    ? greeting.Task.Result
                    : system;
            }
            catch (TimeoutException)
            {
                throw new BrainUnavailableException(
                    $"The brain at {address} did not take this client within {ConnectLimit.TotalSeconds:0} s (its port answers; it may be starting, or stopping).");
            }

            return first switch
            {
                Welcome welcome => new BrainClient(system, link, pushes, welcome, address),
                Refused refused => throw new BrainUnavailableException(refused.Reason),
                LinkStateChanged changed => throw new BrainUnavailableException(
                    $"The brain at {address} took the connection but did not welcome this client: {changed.Reason}. "
                    + "It may be overloaded or still starting: try again, or look at its log."),
                _ => throw new BrainUnavailableException(
                    await BrainProbe.WhyNotAsync(address, credentials, TimeSpan.FromSeconds(5), cancellationToken)
                    ?? $"The brain at {address} did not take the connection ({(first as AssociationErrorEvent)?.Cause?.Message ?? "this client's remoting stopped"})."),
            };
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    public Task<BrainStatus> StatusAsync() => RequestAsync<BrainStatus>(new GetStatus());

    public async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(int limit = 100) =>
        (await RequestAsync<SessionList>(new ListSessions(limit))).Sessions;

    /// <param name="workingDirectory">Where the session's shell starts (absolute); null for the brain's default.</param>
    public async Task<string> CreateSessionAsync(string? title = null, string? workingDirectory = null) =>
        (await RequestAsync<SessionCreated>(new CreateSession(title, workingDirectory))).SessionId;

    /// <summary>The session with this id, or the only one whose id starts with it; fails saying there is none, or which.</summary>
    public async Task<SessionSummary> FindSessionAsync(string idOrPrefix) =>
        (await RequestAsync<SessionFound>(new FindSession(idOrPrefix))).Session;

    public Task<UserMessageAccepted> PostAsync(string sessionId, string text) =>
        RequestAsync<UserMessageAccepted>(new PostUserMessage(sessionId, text, Guid.NewGuid().ToString("N")));

    /// <summary>Answers a call waiting for approval; fails when it is not waiting (another client answered first).</summary>
    public Task<ApprovalRecorded> AnswerApprovalAsync(string sessionId, string callId, Anima.Messages.Sessions.ApprovalDecision decision, string by) =>
        RequestAsync<ApprovalRecorded>(new AnswerApproval(sessionId, callId, decision, by));

    public Task<PermissionModeSet> SetModeAsync(string sessionId, Anima.Messages.Sessions.PermissionMode mode, string by) =>
        RequestAsync<PermissionModeSet>(new SetPermissionMode(sessionId, mode, by));

    public void Interrupt(string sessionId) => _link.Tell(new SendRequest(new Interrupt(sessionId), ActorRefs.Nobody));

    public void Attach(string sessionId, long afterSeq = 0, int? maxHistory = null) =>
        _link.Tell(new AttachSession(sessionId, afterSeq, maxHistory));

    public void Detach(string sessionId) => _link.Tell(new DetachSession(sessionId));

    public Task<T> RequestAsync<T>(IClientRequest request)
        where T : IClientReply =>
        ClientLink.RequestAsync<T>(_link, request, RequestTimeout);

    public async ValueTask DisposeAsync()
    {
        _pushes.Writer.TryComplete();
        await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    private sealed class PushListener : ReceiveActor
    {
        public PushListener(ChannelWriter<object> writer, TaskCompletionSource<object> greeting)
        {
            ReceiveAny(message =>
            {
                if (!greeting.Task.IsCompleted && message is Anima.Messages.Clients.Welcome or Refused or LinkStateChanged { State: LinkState.Disconnected } or AssociationErrorEvent)
                {
                    greeting.TrySetResult(message);
                    return;
                }

                if (message is AssociationErrorEvent)
                {
                    return; // the link says what a lost connection means
                }

                writer.TryWrite(message);
            });
        }
    }
}
