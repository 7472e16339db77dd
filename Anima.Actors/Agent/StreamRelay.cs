using System.Text;
using System.Threading.Channels;
using Akka.Actor;
using Anima.Actors.Protocol;
using Anima.Actors.Providers;
using Anima.Messages.Sessions;

namespace Anima.Actors.Agent;

/// <summary>
/// One model call's stream, relayed off the actor: text and thinking go to the session as transient deltas while
/// they arrive, and the call's outcome comes back as one of <see cref="Answered"/>, <see cref="Cancelled"/> or
/// <see cref="Failed"/>. Text that arrives while the previous delta is still fresh (within the interval) is sent
/// together: the first token goes out at once, and a fast stream costs one message per interval instead of one
/// per token on every hop to every client.
/// </summary>
public sealed class StreamRelay(IActorRef session, string sessionId, TimeSpan deltaInterval)
{
    public static readonly TimeSpan DefaultDeltaInterval = TimeSpan.FromMilliseconds(10);

    public StreamRelay(IActorRef session, string sessionId)
        : this(session, sessionId, DefaultDeltaInterval)
    {
    }

    /// <summary>Streams <paramref name="request"/>; never throws, every way the call ends is an outcome.</summary>
    public async Task<object> RelayAsync(ILlmProvider provider, LlmRequest request, CancellationToken cancellationToken)
    {
        var partial = new StringBuilder();
        var thought = 0;
        TokenUsage? billed = null;
        var text = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var streamEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var relay = RelayTextAsync(text.Reader, streamEnded.Task);
        object outcome;
        try
        {
            outcome = new Failed(new ProviderException(ProviderErrorKind.Transient, "The response ended without a final message."));
            await foreach (var item in provider.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
            {
                switch (item)
                {
                    case LlmTextDelta delta:
                        partial.Append(delta.Text);
                        text.Writer.TryWrite(delta.Text);
                        break;
                    case LlmUsageSoFar soFar:
                        billed = soFar.Usage;
                        break;
                    case LlmThinkingDelta thinking:
                        thought += thinking.Text.Length;
                        session.Tell(new PublishTransient(new ThinkingDelta(sessionId, thinking.Text)));
                        break;
                    case LlmResponse response:
                        outcome = new Answered(response);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var said = partial.ToString();
            // The output so far is not reported before the end of a stream: estimated from what arrived.
            var usage = billed is { } start
                ? start with { OutputTokens = TokenEstimator.Estimate(said) + (thought + 3) / 4 }
                : null;
            outcome = new Cancelled(said, usage);
        }
        catch (Exception ex)
        {
            outcome = new Failed(ex);
        }

        // Every streamed piece is out before the outcome: clients see the deltas, then the journaled answer.
        text.Writer.TryComplete();
        streamEnded.TrySetResult();
        await relay.ConfigureAwait(false);
        return outcome;
    }

    private async Task RelayTextAsync(ChannelReader<string> text, Task streamEnded)
    {
        var batch = new StringBuilder();
        while (await text.WaitToReadAsync().ConfigureAwait(false))
        {
            while (text.TryRead(out var piece))
            {
                batch.Append(piece);
            }

            session.Tell(new PublishTransient(new TextDelta(sessionId, batch.ToString())));
            batch.Clear();

            // The pause gathers the next tokens; the end of the stream cuts it short, so a turn ends as soon
            // as its last text is out. Not text.Completion: that waits for unread pieces, which this pause holds.
            await Task.WhenAny(Task.Delay(deltaInterval), streamEnded).ConfigureAwait(false);
        }
    }

    /// <summary>The model finished its answer.</summary>
    public sealed record Answered(LlmResponse Response);

    /// <summary>
    /// The call was interrupted; <paramref name="PartialText"/> is what had streamed, <paramref name="Usage"/> what it
    /// is billed (input and cache as the provider said; output estimated), null when the provider had said nothing.
    /// </summary>
    public sealed record Cancelled(string PartialText, TokenUsage? Usage = null);

    /// <summary>The call failed; the loop decides whether that ends the turn or is the supervisor's to retry.</summary>
    public sealed record Failed(Exception Cause);
}
