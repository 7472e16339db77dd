using System.Net;
using System.Net.Sockets;
using Anima.Client;
using Anima.Client.Trust;
using Anima.Messages.Clients;
using Anima.Tests.Support;

namespace Anima.Tests.Security;

/// <summary>
/// Memory exhaustion by unauthenticated peers (issue 14): mutated copies of a captured client connection sent to a
/// plain Akka.Remote port grew a brain from 0.16 to 19.7 GB. With mutual TLS such bytes never reach Akka's protocol:
/// this sends the brain hundreds of mutated captures (a client's TLS handshake and a plain Akka association) and
/// garbage, watches its resident memory throughout, and then serves a real client.
/// </summary>
[Collection("processes")]
public sealed class UnauthenticatedFuzzSpecs(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int MutatedCopies = 300;
    private const int GarbageConnections = 100;
    private const int AtOnce = 16;

    /// <summary>An idle brain holds ≈ 0.12–0.15 GB; handshakes that fail cost kilobytes each, and are let go.</summary>
    private const long AllowedGrowth = 150L * 1024 * 1024;

    private RunningBrain _brain = null!;

    public async Task InitializeAsync() => _brain = await RunningBrain.StartAsync();

    public async Task DisposeAsync() => await _brain.DisposeAsync();

    [Fact]
    public async Task Fuzzed_connections_leave_the_brain_s_memory_bounded_and_it_still_serves_a_client()
    {
        var credentials = ClientCredentials.FromHome(_brain.Home.Home)!;
        // A plain Akka.Remote system in the brain's name answers the plain client, so its association and first
        // message (the Hello) go on the wire, as in the attack the issue describes.
        await using var plainBrain = RogueClient.WithoutTls(new BrainAddress("127.0.0.1", 0), BrainAddress.SystemName);
        var captures = new[]
        {
            await CaptureAsync(_brain.Port, port => BrainProbe.WhyNotAsync(new BrainAddress("127.0.0.1", port), credentials, TimeSpan.FromSeconds(3))),
            await CaptureAsync(plainBrain.Address.Port!.Value, async port =>
            {
                await using var plain = RogueClient.WithoutTls(new BrainAddress("127.0.0.1", port));
                plain.Resolve(ClientProtocol.GatewayPath).Tell(new Hello("no-token", "fuzz", "0"), Akka.Actor.ActorRefs.NoSender);
                await Task.Delay(TimeSpan.FromSeconds(1)); // the association is attempted in the background; this only bounds the capture
            }),
        };
        Assert.All(captures, capture => Assert.True(capture.Length > 100, $"captured {capture.Length} bytes"));

        var before = Rss();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss());
                await Task.Delay(50);
            }
        });

        var random = new Random(14);
        var payloads = Enumerable.Range(0, MutatedCopies).Select(i => Mutate(captures[i % captures.Length], random))
            .Concat(Enumerable.Range(0, GarbageConnections).Select(_ => Garbage(random)))
            .ToList();
        using var limit = new SemaphoreSlim(AtOnce);
        await Task.WhenAll(payloads.Select(async payload =>
        {
            await limit.WaitAsync();
            try
            {
                await SendAsync(_brain.Port, payload);
            }
            finally
            {
                limit.Release();
            }
        })).WaitAsync(TimeSpan.FromSeconds(90));

        await sampling.CancelAsync();
        await sampler;
        output.WriteLine($"captures {captures[0].Length} and {captures[1].Length} bytes; {payloads.Count} connections; RSS {before / 1048576} MB before, {peak / 1048576} MB at most");
        Assert.True(peak - before < AllowedGrowth, $"resident memory grew from {before / 1048576} MB to {peak / 1048576} MB");

        await using var client = await _brain.ConnectAsync("after the fuzz");
        var session = await client.CreateSessionAsync("still here");
        Assert.Equal(2, (await client.PostAsync(session, "hello")).Seq);
        Assert.DoesNotContain("OutOfMemory", _brain.Process.Stderr);
    }

    /// <summary>What a client sends toward the brain, through a recording proxy on a port of its own.</summary>
    private static async Task<byte[]> CaptureAsync(int target, Func<int, Task> client)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var recorded = new MemoryStream();
        var proxy = Task.Run(async () =>
        {
            using var inbound = await listener.AcceptTcpClientAsync();
            using var outbound = new TcpClient();
            await outbound.ConnectAsync(IPAddress.Loopback, target);
            var up = CopyAsync(inbound.GetStream(), outbound.GetStream(), recorded);
            var down = CopyAsync(outbound.GetStream(), inbound.GetStream(), null);
            await Task.WhenAny(up, down);
        });
        try
        {
            await client(port);
            await Task.WhenAny(proxy, Task.Delay(TimeSpan.FromSeconds(2)));
        }
        finally
        {
            listener.Stop();
        }

        lock (recorded)
        {
            return recorded.ToArray();
        }
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, MemoryStream? record)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                if (record is not null)
                {
                    lock (record)
                    {
                        record.Write(buffer, 0, read);
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (IOException)
        {
            // either side went away: the capture ends there
        }
    }

    /// <summary>Flipped bytes, a cut, a repeated stretch: what a fuzzer does to a captured connection.</summary>
    private static byte[] Mutate(byte[] capture, Random random)
    {
        var bytes = capture.ToList();
        for (var i = random.Next(1, 20); i > 0; i--)
        {
            bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
        }

        if (random.Next(3) == 0)
        {
            var start = random.Next(bytes.Count);
            var length = Math.Min(random.Next(1, 400), bytes.Count - start);
            for (var copies = random.Next(1, 50); copies > 0; copies--)
            {
                bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(start, length));
            }
        }

        return random.Next(4) == 0 ? bytes.Take(random.Next(1, bytes.Count)).ToArray() : bytes.ToArray();
    }

    private static byte[] Garbage(Random random)
    {
        var bytes = new byte[random.Next(1, 65536)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Sends the bytes and waits, briefly, for the brain to close the connection.</summary>
    private static async Task SendAsync(int port, byte[] payload)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync(payload, timeout.Token);
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // refused, reset or left open: all the same to the fuzzer
        }
    }

    private long Rss()
    {
        foreach (var line in File.ReadLines($"/proc/{_brain.Process.Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
    }
}
