using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Anima.Actors.Mcp;
using Anima.Actors.Tools;
using Anima.Client.Configuration;
using ModelContextProtocol.Client;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// An MCP tool call over stdio through Anima's door (the registry, the server's shelved tool, its link, kept up by its
/// actor) against the same server program called by a bare SDK client, in the same run: two processes of the test
/// server (tests/Anima.McpTestServer), calls in blocks that alternate between the two, so drift falls on both.
/// </summary>
public static class McpRoundTrip
{
    private const int Blocks = 10;

    public static async Task<BenchRow> MeasureAsync(BenchSizes sizes, Action<string> log)
    {
        var server = ServerAssembly();
        var calls = Math.Max(200, sizes.Turns);
        log($"MCP round trip: {calls} echo calls each way over stdio, in {Blocks} alternating blocks…");

        using var scratch = new BenchHome("mcp", string.Empty);
        var system = ActorSystem.Create("bench-mcp");
        try
        {
            var shelf = new ToolShelf();
            var registry = new ToolRegistry([], shelf);
            var spec = McpConfig.Build("bench", "dotnet", [server], new Dictionary<string, string>(), null, new Dictionary<string, string>(), "bench", "bench");
            system.ActorOf(McpSupervisor.Props(scratch.Home, [spec], shelf, new McpSettings(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60))), "mcp");
            var ready = Stopwatch.StartNew();
            while (registry.Find("mcp__bench__echo") is null)
            {
                if (ready.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("the MCP test server did not become ready through Anima within 60 s");
                }

                await Task.Delay(20);
            }

            await using var bare = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions { Command = "dotnet", Arguments = [server], Name = "bare" }));
            var context = new ToolContext("bench", "call", ActorRefs.Nobody, Path.GetTempPath());
            var arguments = new Dictionary<string, object?> { ["text"] = "hello" };
            const string Input = """{"text":"hello"}""";

            async Task ThroughAnima()
            {
                var result = await registry.RunAsync("mcp__bench__echo", Input, context, CancellationToken.None);
                if (result.IsError || result.Content != "echo: hello")
                {
                    throw new InvalidOperationException($"the call through Anima said: {result.Content}");
                }
            }

            async Task Bare() => await bare.CallToolAsync("echo", arguments);

            for (var i = 0; i < calls; i++)
            {
                await ThroughAnima();
                await Bare();
            }

            var anima = new Samples();
            var direct = new Samples();
            for (var block = 0; block < Blocks; block++)
            {
                var (first, firstSamples, second, secondSamples) = block % 2 == 0 ? (ThroughAnima, anima, Bare, direct) : ((Func<Task>)Bare, direct, (Func<Task>)ThroughAnima, anima);
                for (var i = 0; i < calls / Blocks; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await first();
                    firstSamples.AddSince(started);
                }

                for (var i = 0; i < calls / Blocks; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await second();
                    secondSamples.AddSince(started);
                }
            }

            var ratio = anima.P50 / direct.P50;
            return new BenchRow(
                $"MCP tool call over stdio through Anima's tool door (registry → shelved tool → SDK client), p50 / p99 ({calls} calls each, alternating blocks)",
                $"{Ms(anima.P50)} / {Ms(anima.P99)}",
                $"{Ms(direct.P50)} / {Ms(direct.P99)} (bare SDK client, same server program)",
                Ratio(ratio),
                "≤ 1.2×",
                ratio <= 1.2);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static string ServerAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = dir.Name;
        var configuration = dir.Parent!.Name;
        var root = dir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Anima.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Anima.sln not found above the bench"),
            "tests", "Anima.McpTestServer", "bin", configuration, framework, "Anima.McpTestServer.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"Build tests/Anima.McpTestServer first: {path} is missing");
    }
}
