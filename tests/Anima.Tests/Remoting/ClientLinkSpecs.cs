using System.Diagnostics;
using Anima.Client;
using Anima.Tests.Support;

namespace Anima.Tests.Remoting;

/// <summary>How a client's link follows the brain going away and coming back: a real brain process, killed and restarted.</summary>
[Collection("processes")]
public sealed class ClientLinkSpecs : IAsyncLifetime
{
    private RunningBrain _brain = null!;

    public async Task InitializeAsync() => _brain = await RunningBrain.StartAsync();

    public async Task DisposeAsync() => await _brain.DisposeAsync();

    [Fact]
    public async Task A_killed_brain_is_noticed_at_once_not_after_seconds_of_silence()
    {
        await using var client = await _brain.ConnectAsync("watcher", BackoffPolicy.Interactive);
        var clock = Stopwatch.StartNew();

        _brain.Process.Kill();

        var lost = await NextAsync(client, LinkState.Reconnecting, TimeSpan.FromSeconds(30));
        var noticedAfter = clock.Elapsed;
        Assert.True(noticedAfter < TimeSpan.FromSeconds(3), $"noticed after {noticedAfter.TotalSeconds:0.0} s");
        Assert.Equal("the connection to the brain closed", lost.Reason);
    }

    [Fact]
    public async Task A_link_waiting_out_a_long_backoff_says_hello_as_soon_as_the_brain_listens_again()
    {
        // A first wait of 48–72 s: the default policy waits that long after a few failed attempts.
        var patient = new BackoffPolicy(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 3);
        await using var client = await _brain.ConnectAsync("patient", patient);
        _brain.Process.Kill();
        await NextAsync(client, LinkState.Reconnecting, TimeSpan.FromSeconds(30));
        var down = Stopwatch.StartNew();

        await _brain.RestartAsync();
        var listening = down.Elapsed;

        await NextAsync(client, LinkState.Connected, TimeSpan.FromSeconds(90));
        var connectedAfter = down.Elapsed - listening;
        Assert.True(down.Elapsed < TimeSpan.FromSeconds(45), $"connected {down.Elapsed.TotalSeconds:0.0} s after the kill: the backoff was waited out");
        Assert.True(connectedAfter < TimeSpan.FromSeconds(5), $"connected {connectedAfter.TotalSeconds:0.0} s after the brain listened");
        Assert.NotNull(await client.ListSessionsAsync()); // and the link serves requests again
    }

    private static async Task<LinkStateChanged> NextAsync(BrainClient client, LinkState state, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await foreach (var push in client.Pushes.ReadAllAsync(timeout.Token))
        {
            if (push is LinkStateChanged changed && changed.State == state)
            {
                return changed;
            }
        }

        throw new InvalidOperationException($"the link closed before it was {state}");
    }
}
